import { expect, test } from '../harness/test.ts'

test.use({ quietBoot: true, device: 'http-tab' })

/**
 * The HTTP transport's baseline, as mobile clients run it: pushes are requests, live pulls are polls.
 *
 * Timeline: the store has booted at e53 on device A, a tab over HTTP, and on device B, a tab over
 * WebSocket. A changes a priority: its push e54 is a request, B hears of it on its pull
 * subscription. B changes another: A hears of it at its next poll. Both changes are followed.
 */
test('a change on an HTTP device and one on a WebSocket device reach each other', {
  tag: '@http-tab-round-trip',
}, async ({ app, follow, expectation }) => {
  const deviceB = await app.openClient()
  const changeA = await app.changePriority(2, 'Urgent')
  expect(await follow(changeA)).toMeetExpectation(expectation)
  const changeB = await deviceB.changePriority(3, 'High')
  expect(await follow(changeB, { app: deviceB })).toMeetExpectation(expectation)
})
