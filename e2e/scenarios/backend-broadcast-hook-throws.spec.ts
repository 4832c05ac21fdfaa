import { expect, test, tmpLine } from '../harness/test.ts'

test.use({ quietBoot: true })

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
}, async ({ app, faults, barrier, now, follow, expectation }) => {
  const deviceB = await app.openClient()
  await faults.set({ failNextBroadcast: true })
  const since = now()
  await app.changePriority(2, 'Urgent')
  await barrier("the backend failing the broadcast of A's push", tmpLine.backend('fault:fail-broadcast', { since }))
  const change = await deviceB.changePriority(3, 'High')
  expect(await follow(change, { app: deviceB })).toMeetExpectation(expectation)
})
