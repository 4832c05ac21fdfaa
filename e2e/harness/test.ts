import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { test as base, expect as baseExpect } from '@playwright/test'
import { backlogEvents, DEFAULT_BACKLOG, loadBacklogFixture } from './backend/backlog.ts'
import { type Backend, startBackend } from './backend/miniflare.ts'
import { LinearLiteApp, type MadeChange } from './browser/app-driver.ts'
import { prepareBuilds } from './build/builds.ts'
import { capturePageConsole, captureSharedWorkers } from './capture/console-capture.ts'
import { LogStream } from './capture/log-stream.ts'
import type { LivestoreTarget } from './livestore/resolve-target.ts'
import { livestoreUnderTest } from './livestore/target-handoff.ts'
import { attachLogs } from './report/artifacts.ts'
import { readConfig } from './run/config.ts'
import type { Verdict } from './verdict/diagnose.ts'
import { checkExpectation, describeExpectation, type Expectation, loadExpectations } from './verdict/expectations.ts'
import { followChange } from './verdict/follow-change.ts'
import { VERDICT_ATTACHMENT, type VerdictRecord } from './verdict/verdict-record.ts'

const config = readConfig()

export interface SeededStore {
  id: string
  /** The backend head after seeding (e53 for the default backlog). */
  head: number
  issueCount: number
}

interface WorkerFixtures {
  /** The LiveStore the app and the worker are built against (`--livestore`, `LIVESTORE_VERSION`). */
  livestore: LivestoreTarget
  backend: Backend
}

interface TestFixtures {
  /** The fixture file a test's store is seeded from. */
  backlog: string
  /** Boot without the seed's rebase race: the app sets its UI state after the initial pull. */
  quietBoot: boolean
  /** The scenario's key in fixtures/expectations.json; empty for the harness's own tests. */
  scenario: string
  /** What fixtures/expectations.json expects of this scenario on this LiveStore; skips the test when it has no cell. */
  expectation: Expectation
  logs: LogStream
  store: SeededStore
  app: LinearLiteApp
  /** Follows a change through its round trip (read through `app`'s tab, the first by default); records the verdict for the report. */
  follow: (change: MadeChange, options?: { windowMs?: number; app?: LinearLiteApp }) => Promise<Verdict>
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // One backend per worker (and so per run): the app and the worker are built once, cached by content.
  livestore: [
    async ({}, use) => {
      await use(await livestoreUnderTest())
    },
    { scope: 'worker', timeout: 300_000 },
  ],

  backend: [
    async ({ livestore }, use) => {
      const { worker, app } = await prepareBuilds(livestore)
      const backend = await startBackend({ appDir: app.dir, workerDir: worker.dir, livestore, port: config.port })
      await use(backend)
      await backend.stop()
    },
    { scope: 'worker', timeout: 180_000 },
  ],

  backlog: [DEFAULT_BACKLOG, { option: true }],

  scenario: ['', { option: true }],

  quietBoot: [false, { option: true }],

  expectation: async ({ scenario, livestore }, use, testInfo) => {
    const cell = loadExpectations()[scenario]?.[livestore.version]
    testInfo.skip(
      cell === undefined,
      `no cell for ${scenario} on LiveStore ${livestore.version} in fixtures/expectations.json`,
    )
    if (cell === undefined) return
    testInfo.annotations.push(
      { type: 'scenario', description: scenario },
      { type: 'expected', description: describeExpectation(cell) },
    )
    await use(cell)
  },

  // Every test: all consoles into one stream from before the page opens, written out at the end;
  // faults of an earlier test removed first.
  logs: [
    async ({ page, browser, backend }, use, testInfo) => {
      const exitReason = backend.exitReason()
      if (exitReason !== undefined) throw new Error(exitReason)
      await backend.control.resetFaults()
      const stream = new LogStream()
      capturePageConsole(page, stream)
      const stopSharedWorkers = await captureSharedWorkers(browser, stream)
      const stopBackend = backend.onLine((text, level) => stream.add('backend', level, text))
      await use(stream)
      stopBackend()
      await stopSharedWorkers()
      await backend.control.resetFaults()
      await attachLogs(testInfo, stream)
    },
    { auto: true },
  ],

  store: async ({ backend, backlog }, use) => {
    const fixture = loadBacklogFixture(backlog)
    const id = `t-${randomBytes(6).toString('hex')}`
    const head = await backend.control.appendEvents(id, backlogEvents(fixture))
    await use({ id, head, issueCount: fixture.issues.length })
  },

  app: async ({ page, backend, store, logs, quietBoot }, use) => {
    const app = new LinearLiteApp(page, backend.url, store.id, logs)
    await app.open({
      expectedHead: store.head,
      expectedIssues: store.issueCount,
      timeoutMs: config.bootTimeoutMs,
      uiStateAfterPull: quietBoot,
      backendGone: backend.exitReason,
    })
    await use(app)
    await app.closeClients()
  },

  follow: async ({ page, backend, store, logs, livestore, scenario }, use, testInfo) => {
    const cell = loadExpectations()[scenario]?.[livestore.version]
    await use(async (change, options) => {
      const windowMs = options?.windowMs ?? config.windowMs
      const { verdict, elapsedMs } = await followChange({
        page: options?.app?.page ?? page,
        control: backend.control,
        storeId: store.id,
        stream: logs,
        target: change.target,
        changedAt: change.changedAt,
        windowMs,
        backendGone: backend.exitReason,
      })
      const record: VerdictRecord = {
        ...verdict,
        livestoreVersion: livestore.label,
        ...(cell === undefined ? {} : { scenario, expected: describeExpectation(cell) }),
        windowMs,
        timeToVerdictMs: elapsedMs,
        storeId: store.id,
      }
      const path = testInfo.outputPath(VERDICT_ATTACHMENT)
      await writeFile(path, `${JSON.stringify(record, null, 2)}\n`)
      await testInfo.attach(VERDICT_ATTACHMENT, { path, contentType: 'application/json' })
      return verdict
    })
  },
})

export const expect = baseExpect.extend({
  /** Green when the verdict is what fixtures/expectations.json says: a drain, or the expected stall at its stage. */
  toMeetExpectation(verdict: Verdict, expectation: Expectation) {
    const { pass, message } = checkExpectation(verdict, expectation)
    return { pass, name: 'toMeetExpectation', message: () => message }
  },
  /** Green when the change made the whole round trip; otherwise the message names the stage that never happened. */
  toHaveDrained(verdict: Verdict) {
    return {
      pass: verdict.ok,
      name: 'toHaveDrained',
      message: () => (verdict.ok ? `expected a stall, but ${verdict.message}` : verdict.message),
    }
  },
})
