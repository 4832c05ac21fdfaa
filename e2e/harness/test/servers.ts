import { randomBytes } from 'node:crypto'
import type { Backend } from '../backend/backend.ts'
import { backlogEvents, DEFAULT_BACKLOG, loadBacklog } from '../backend/backlog.ts'
import { startBackend } from '../backend/miniflare.ts'
import { connectBackend } from '../backend/remote.ts'
import { type PreparedBuilds, prepareBuilds } from '../build/builds.ts'
import type { LivestoreTarget } from '../livestore/target.ts'
import { preparedTarget } from '../livestore/target-handoff.ts'
import { type LivestoreTraits, traitsOf } from '../livestore/traits.ts'
import { readConfig } from '../run/config.ts'
import type { LivestoreUnderTest } from '../verdict/verdict-record.ts'
import { test as base } from './options.ts'

export interface SeededStore {
  id: string
  /** The backend head after seeding (e53 for the default backlog). */
  head: number
  issueCount: number
}

interface ServerWorkerScope {
  /** The LiveStore under test, as the global setup resolved it. */
  target: LivestoreTarget
  /** What its version can do, for a test that needs a trait (`test.skip(({ traits }) => !traits.rpcTransports, why)`). */
  traits: LivestoreTraits
  /** The app and the worker built against it (cached: the global setup built them); none for the user's backend. */
  builds: PreparedBuilds | undefined
  /** The target with what each build bundled of it: what a verdict names. */
  livestoreUnderTest: LivestoreUnderTest
  /**
   * One backend per worker: the app and the worker are built once per target (the global setup
   * did), or the worker the user runs (`--backend-url`), which serves its own build.
   */
  backend: Backend
}

interface ServerTestScope {
  /** Faults of an earlier test removed, and a backend that died named, before and after each test. */
  backendReset: undefined
  /** The data file a test's store is seeded from. */
  backlog: string
  store: SeededStore
}

export const test = base.extend<ServerTestScope, ServerWorkerScope>({
  target: [async ({ livestore }, use) => use(preparedTarget(livestore)), { scope: 'worker' }],

  traits: [async ({ target }, use) => use(traitsOf(target.version)), { scope: 'worker' }],

  builds: [
    async ({ target, tracepoints }, use) =>
      use(readConfig().backend === undefined ? await prepareBuilds(target, { tracepoints }) : undefined),
    { scope: 'worker', timeout: 60_000 },
  ],

  livestoreUnderTest: [
    async ({ target, builds }, use) =>
      use(
        builds === undefined
          ? target
          : {
              ...target,
              bundled: { app: builds.app.bundled, worker: builds.worker.bundled },
              unplacedTracepoints: builds.app.unplacedTracepoints,
            },
      ),
    { scope: 'worker' },
  ],

  backend: [
    async ({ target, builds }, use) => {
      const { port, backend: remote } = readConfig()
      const start = async () => {
        if (remote !== undefined) return connectBackend(remote.url, remote.token)
        if (builds === undefined) throw new Error('the harness runs no backend without builds')
        return startBackend({ appDir: builds.app.dir, workerDir: builds.worker.dir, livestore: target, port })
      }
      const backend = await start()
      await use(backend)
      await backend.stop()
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  backendReset: [
    async ({ backend }, use) => {
      const exitReason = backend.exitReason()
      if (exitReason !== undefined) throw new Error(exitReason)
      await backend.control.resetFaults()
      await use(undefined)
      await backend.control.resetFaults()
    },
    { auto: true },
  ],

  backlog: [DEFAULT_BACKLOG, { option: true }],

  store: async ({ backend, backlog }, use) => {
    const seed = loadBacklog(backlog)
    const id = `t-${randomBytes(6).toString('hex')}`
    const head = await backend.control.appendEvents(id, backlogEvents(seed))
    await use({ id, head, issueCount: seed.issues.length })
  },
})
