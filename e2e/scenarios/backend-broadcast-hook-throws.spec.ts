import { tmpPoint } from '../harness/capture/log-stream.ts'
import { expect, test } from '../harness/test.ts'

test.use({ quietBoot: true })

const BARRIER_MS = 10_000

/**
 * A broadcast that fails after the commit: an app's `onPullRes` hook that throws for a stored push
 * (sync-cf calls it before sending the push to its subscribers). Not what upstream PR #1537 fixes
 * (it keeps commit and publication together, but a failing publication still loses the event).
 *
 * Timeline: the store has booted at e53 on two devices, A and B, both connected. The backend is
 * armed to fail the next push's broadcast. A changes a priority: its push e54 is stored and the head
 * advances to e54, then the hook throws before any pull is sent (barrier:
 * `[TMP][backend] fault:fail-broadcast`). B then changes a priority: its push (parent e53) is
 * refused with ServerAheadError, and B waits for a pull carrying e54. The verdict follows B's
 * change, read through B.
 */
test("a push stored whose broadcast fails, then another device's push", {
  tag: '@backend-broadcast-hook-throws',
}, async ({ app, backend, store, logs, follow, expectation }) => {
  const deviceB = await app.openClient()
  await backend.control.setFaults(store.id, { failNextBroadcast: true })
  const since = Date.now() - logs.startedAt
  await app.changePriority(2, 'Urgent')
  await logs.waitFor(
    "the backend failing the broadcast of A's push",
    tmpPoint('backend', 'fault:fail-broadcast', since),
    BARRIER_MS,
  )
  const change = await deviceB.changePriority(3, 'High')
  expect(await follow(change, { app: deviceB })).toMeetExpectation(expectation)
})
