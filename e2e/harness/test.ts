import { expect as baseExpect, mergeTests } from '@playwright/test'
import { test as faultsTest } from './test/faults.ts'
import { test as gatesTest } from './test/gates.ts'
import { test as reusedContext } from './test/reused-context.ts'
import { test as verdictTest } from './test/verdict.ts'
import { test as writerTest } from './test/writer.ts'
import { checkExpectation, type Expectation } from './verdict/expectations.ts'
import type { Verdict } from './verdict/verdict-record.ts'

/**
 * What specs import, and all they import: Playwright's `test` with the harness's fixtures, and
 * `expect` with the verdict's matchers. The fixtures come in groups, one per stage (test/options →
 * servers → capture → app → verdict), and beside them what a scenario does: `barrier` and `now`,
 * `writer`, `faults`, `gates`. Docs: docs/writing-a-scenario.md.
 */
export const test = mergeTests(verdictTest, writerTest, faultsTest, gatesTest)

/** The same, with one browser context per worker: for runs of many short tests (the explorer's). */
export const reusedContextTest = mergeTests(test, reusedContext)

// What a scenario says beside its fixtures.
export type { DropSocketsBody } from '../../apps/contract/control-routes.ts'
export { BARRIER_MS, leaderWorker, page } from './capture/log-stream.ts'
export { bootMayFail } from './test/app.ts'
export type { Faults } from './test/faults.ts'
export { tmpLine } from './test/lines.ts'
export { missingStep, ROUND_TRIP_STEPS } from './verdict/event-story.ts'

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

export { restartBackendProcess } from './backend/lifecycle.ts'
// What the harness's own tests (e2e/self-tests/) reach beyond that: the backend and builds themselves.
export { startBackend } from './backend/miniflare.ts'
export { assertPortFree } from './backend/port.ts'
export { connectBackend } from './backend/remote.ts'
export { withTimeout } from './base/bounded.ts'
export { prepareBuilds } from './build/builds.ts'
export type { LivestoreTarget } from './livestore/target.ts'
export type { LivestoreTraits } from './livestore/traits.ts'
export { markedByPatch, markedTree } from './test/marked-livestore.ts'
export { test as reportTest } from './test/recorded-report.ts'
