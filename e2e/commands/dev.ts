/**
 * `npm run dev`: the app and the sync backend for a person to click around, on a freshly seeded
 * store; backend [TMP] lines go to the terminal. Runs until Ctrl-C, then stops what it started.
 */
import { randomBytes } from 'node:crypto'
import { backlogEvents, DEFAULT_BACKLOG, loadBacklog } from '../harness/backend/backlog.ts'
import { startBackend } from '../harness/backend/miniflare.ts'
import { prepareBuilds } from '../harness/build/builds.ts'
import { resolveLivestore } from '../harness/livestore/resolve-target.ts'
import { readConfig } from '../harness/run/config.ts'
import { runMain } from '../harness/run/main.ts'

const progress = (line: string) => console.log(line)

runMain('dev', async () => {
  const port = Number(process.env.PORT ?? 8787)
  const { livestore, tracepoints } = readConfig()
  const target = await resolveLivestore(livestore, progress)
  progress(`LiveStore: ${target.label}`)
  const { worker, app } = await prepareBuilds(target, { tracepoints, progress })
  const backend = await startBackend({ appDir: app.dir, workerDir: worker.dir, livestore: target, port })
  backend.onLine((text) => {
    if (text.startsWith('[TMP]')) progress(text)
  })
  const storeId = `demo-${randomBytes(4).toString('hex')}`
  const head = await backend.control.appendEvents(storeId, backlogEvents(loadBacklog(DEFAULT_BACKLOG)))
  progress(`store ${storeId} seeded up to e${head}; open ${new URL(`/?storeId=${storeId}`, backend.url).href}`)
  progress('Ctrl-C stops the backend.')
  // Runs until a signal; the backend is stopped before the exit code is returned.
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  await backend.stop()
  return 0
})
