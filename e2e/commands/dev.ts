/**
 * `npm run dev`: the app and the sync backend for a person to click around, on a freshly seeded
 * store; backend [TMP] lines go to the terminal. Runs until Ctrl-C, then stops what it started.
 *
 *   npm run dev                 the backend under the harness's Miniflare (any --livestore)
 *   npm run dev -- --wrangler   the worker as it stands under `wrangler dev`, for people who work
 *                               on it; prints the command that runs the scenarios against it
 */
import { randomBytes } from 'node:crypto'
import type { Backend } from '../harness/backend/backend.ts'
import { backlogEvents, DEFAULT_BACKLOG, loadBacklog } from '../harness/backend/backlog.ts'
import { startBackend } from '../harness/backend/miniflare.ts'
import { connectBackend } from '../harness/backend/remote.ts'
import { placeAppForWrangler, runWrangler, WRANGLER_STATE_DIR } from '../harness/backend/wrangler.ts'
import { withTimeout } from '../harness/base/bounded.ts'
import { stopChild } from '../harness/base/child-process.ts'
import { UsageError } from '../harness/base/known-errors.ts'
import { prepareBuilds } from '../harness/build/builds.ts'
import { resolveLivestore } from '../harness/livestore/resolve-target.ts'
import { readConfig } from '../harness/run/config.ts'
import { runMain } from '../harness/run/main.ts'

const USAGE = 'usage: npm run dev [-- --wrangler]   (PORT sets the port, default 8787)'
const WRANGLER_READY_MS = 60_000

const progress = (line: string) => console.log(line)

const seedStore = async (backend: Backend) => {
  const storeId = `demo-${randomBytes(4).toString('hex')}`
  const head = await backend.control.appendEvents(storeId, backlogEvents(loadBacklog(DEFAULT_BACKLOG)))
  progress(`store ${storeId} seeded up to e${head}; open ${new URL(`/?storeId=${storeId}`, backend.url).href}`)
}

const untilSignal = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })

const miniflareDev = async (port: number) => {
  const { livestore, tracepoints } = readConfig()
  const target = await resolveLivestore(livestore, progress)
  progress(`LiveStore: ${target.label}`)
  const { worker, app } = await prepareBuilds(target, { tracepoints, progress })
  const backend = await startBackend({ appDir: app.dir, workerDir: worker.dir, livestore: target, port })
  backend.onLine((text) => {
    if (text.startsWith('[TMP]')) progress(text)
  })
  await seedStore(backend)
  progress('Ctrl-C stops the backend.')
  await untilSignal()
  await backend.stop()
  return 0
}

const wranglerDev = async (port: number) => {
  const { livestore, tracepoints } = readConfig()
  if (livestore.livestore !== '' || livestore.patches.length > 0)
    throw new UsageError(
      "--wrangler bundles the worker with the repository's LiveStore: --livestore and --patch cannot be used with it",
    )
  await placeAppForWrangler(tracepoints, progress)
  const token = randomBytes(16).toString('hex')
  let ready: () => void = () => undefined
  const isReady = new Promise<boolean>((resolve) => {
    ready = () => resolve(true)
  })
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', WRANGLER_STATE_DIR]
  const exit = runWrangler([...args, '--var', `HARNESS_CONTROL_TOKEN:${token}`], {
    onLine: (line) => {
      // wrangler logs every request; the harness reads the [TMP] lines many times a second.
      if (!line.includes('/__harness/tmp-lines')) progress(line)
      if (line.includes('Ready on')) ready()
    },
  })
  const started = await withTimeout(Promise.race([isReady, exit.then(() => false)]), WRANGLER_READY_MS, () => false)
  if (!started) {
    stopChild()
    await exit
    throw new Error(`wrangler dev did not get ready within ${WRANGLER_READY_MS / 1000} s (its output is above)`)
  }
  const url = new URL(`http://127.0.0.1:${port}`)
  const backend = await connectBackend(url, token)
  await seedStore(backend)
  await backend.stop()
  progress(`the scenarios against it: npm run e2e -- --backend-url ${url.origin} --control-token ${token}`)
  progress('Ctrl-C stops wrangler.')
  return exit
}

runMain('dev', async () => {
  const argv = process.argv.slice(2)
  if (argv.some((arg) => arg !== '--wrangler')) throw new UsageError(USAGE)
  const port = readConfig().devPort
  return argv.includes('--wrangler') ? wranglerDev(port) : miniflareDev(port)
})
