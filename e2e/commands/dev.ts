/**
 * `npm run dev`: the app and the sync backend for a person to click around, on a freshly seeded
 * store; backend [TMP] lines go to the terminal. Runs until Ctrl-C, then stops what it started.
 */
import { randomBytes } from 'node:crypto'
import { backlogEvents, DEFAULT_BACKLOG, loadBacklogFixture } from '../harness/backend/backlog.ts'
import { startBackend } from '../harness/backend/miniflare.ts'
import { prepareBuilds } from '../harness/build/builds.ts'
import { livestoreUnderTest } from '../harness/livestore/target-handoff.ts'
import { isKnownError, oneLine } from '../harness/run/known-errors.ts'

const main = async () => {
  const port = Number(process.env.PORT ?? 8787)
  const target = await livestoreUnderTest((line) => console.log(line))
  console.log(`LiveStore: ${target.label}`)
  const { worker, app } = await prepareBuilds(target, (line) => console.log(line))
  const backend = await startBackend({ appDir: app.dir, workerDir: worker.dir, livestore: target, port })
  const stop = () => {
    backend.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  backend.onLine((text) => {
    if (text.startsWith('[TMP]')) console.log(text)
  })
  const storeId = `demo-${randomBytes(4).toString('hex')}`
  const head = await backend.control.appendEvents(storeId, backlogEvents(loadBacklogFixture(DEFAULT_BACKLOG)))
  console.log(`store ${storeId} seeded up to e${head}; open ${new URL(`/?storeId=${storeId}`, backend.url).href}`)
  console.log('Ctrl-C stops the backend.')
}

main().catch((error: unknown) => {
  console.error(`dev: ${isKnownError(error) ? error.message : oneLine(error)}`)
  process.exit(2)
})
