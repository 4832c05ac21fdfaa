import { expect, test, tmpLine } from '../harness/test.ts'

test.use({ quietBoot: true })

/**
 * The common case: a device goes offline, the user keeps working, the device comes back.
 *
 * Timeline: the store has booted at e53, nothing pending. The device goes offline (Playwright's
 * `setOffline`: it holds the frames of the open WebSocket rather than closing it; LiveStore still
 * reports itself connected). The user changes a priority; the leader pushes e54 into the held
 * socket (barrier: the leader's `backend:push`) and nothing reaches the backend. The device comes
 * back online: the held push is delivered, acknowledged and pulled back. Expected to drain; the
 * window counts from the moment the device is back.
 */
test('a device goes offline, changes a priority, and comes back', { tag: '@offline-then-online' }, async ({
  app,
  faults,
  logs,
  barrier,
  now,
  follow,
  expectation,
}) => {
  const since = now()
  await faults.offline(app)
  const change = await app.changePriority(2, 'Urgent')
  await barrier('the leader pushing while offline', tmpLine.leader('backend:push', { since }))
  expect(logs.lines.some(tmpLine.backend('push:recv', { since })), 'nothing reached the backend while offline').toBe(
    false,
  )
  await faults.online(app)
  expect(await follow(change, { windowFrom: now() })).toMeetExpectation(expectation)
})
