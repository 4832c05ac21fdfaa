import { expect as baseExpect } from '@playwright/test'
import { checkExpectation, type Expectation } from './verdict/expectations.ts'
import type { Verdict } from './verdict/verdict-record.ts'

/**
 * What specs import: Playwright's `test` with the harness's fixtures, one group per stage
 * (test/options → servers → capture → app → verdict; `reusedContextTest` keeps one browser
 * context per worker, for many short tests), and `expect` with the verdict's matchers.
 */
export { test as reusedContextTest } from './test/reused-context.ts'
export { test } from './test/verdict.ts'

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
