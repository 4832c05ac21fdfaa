import { expect, test, tmpLine } from '../harness/test.ts'

test.use({ quietBoot: true, device: 'http-tab' })

/**
 * An HTTP client whose poll fails once (#1394's production comment: a lost echo alone is enough,
 * with mobile clients on the HTTP transport). Over HTTP the echo of a push is the next poll.
 *
 * Timeline: the store has booted at e53 on device A, a tab over HTTP, and device B, a tab over
 * WebSocket. The backend fails the next pull request: A's next poll gets an error response
 * (barrier: the backend's `fault:fail-pull`), as a poll does under a 5xx or a timeout. A changes
 * a priority: its push e54 is stored. A must hear of it at a later poll, and so must its pending
 * drain. The verdict follows A's change.
 */
test('an HTTP poll fails once, then a change on that device', {
  tag: '@http-poll-fails-once',
}, async ({ app, faults, barrier, now, follow, expectation }) => {
  await app.openClient()
  const since = now()
  await faults.set({ failNextPull: true })
  await barrier("A's poll failing", tmpLine.backend('fault:fail-pull', { since }))
  const change = await app.changePriority(2, 'Urgent')
  expect(await follow(change)).toMeetExpectation(expectation)
})
