import { expect, missingStep, ROUND_TRIP_STEPS, test } from '../harness/test.ts'

/**
 * The root-cause analysis's flow, as a user does it: open the pre-seeded store (backend at e53;
 * the app sets its UI state in three client documents at boot), change one issue's priority
 * through its menu, and expect the change to drain and come back through a pull — with the
 * tracepoints telling that story in the order of the seed's "Collected Logs".
 */
test('a priority change drains and comes back through a pull', { tag: '@priority-change' }, async ({
  app,
  logs,
  tracepoints,
  follow,
  expectation,
}) => {
  const change = await app.changePriority(7, 'Urgent')
  const verdict = await follow(change)
  expect(verdict).toMeetExpectation(expectation)
  // The story is the round trip's: a stall has none to check (its verdict told it), and without
  // tracepoints (E2E_TRACEPOINTS=off, for measuring their cost) there is no story to read.
  if (!verdict.ok || !tracepoints) return
  const seq = verdict.committedSeq ?? 'the committed event'
  expect(missingStep(logs.tmpLines(), seq, ROUND_TRIP_STEPS), `the [TMP] story of ${seq}`).toBeUndefined()
})
