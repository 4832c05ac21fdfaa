import { expect, test, tmpLine } from '../harness/test.ts'

test.use({ quietBoot: true })
test.skip(
  ({ backend }) => backend.deploy === undefined,
  'a deploy needs a backend the harness runs (not --backend-url)',
)

/**
 * A deploy under open pages (upstream #1365, production): new worker code, and every Durable
 * Object restarted with it, while the clients' pull streams are live.
 *
 * Timeline: the store has booted at e53 on devices A and B, both with a live pull stream on their
 * WebSocket. The backend is deployed: workerd restarts on new code, same storage, and both
 * WebSockets break (1006: the old process goes without a close frame). The clients must
 * reconnect (barrier, bounded: a `ws:connect` after the deploy). A changes a priority: its
 * push e54 must be taken, and B must hear of it on its new stream. #1365 reports that on the new
 * connection the client's first frame acknowledges its old stream, the new instance ignores it,
 * and the client reconnects forever. The window counts from the first reconnect.
 */
test('a deploy while both devices stream, then a change', {
  tag: '@backend-deploy',
}, async ({ app, faults, barrier, now, follow, expectation }) => {
  await app.openClient()
  const since = now()
  await faults.deploy()
  await barrier.recovery('a client reconnecting (a new WebSocket)', tmpLine.backend('ws:connect', { since }))
  const change = await app.changePriority(2, 'Urgent')
  expect(await follow(change, { windowFrom: now() })).toMeetExpectation(expectation)
})
