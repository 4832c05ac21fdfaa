import { setDeviceOffline } from '../harness/browser/offline.ts'
import { tmpPoint } from '../harness/capture/log-stream.ts'
import { expect, test } from '../harness/test.ts'

test.use({ quietBoot: true })

const BARRIER_MS = 10_000

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
  page,
  logs,
  follow,
  windowMs,
  expectation,
}) => {
  const since = Date.now() - logs.startedAt
  await setDeviceOffline(page.context(), true, logs)
  const change = await app.changePriority(2, 'Urgent')
  await logs.waitFor('the leader pushing while offline', tmpPoint('leader', 'backend:push', since), BARRIER_MS)
  expect(logs.lines.some(tmpPoint('backend', 'push:recv', since)), 'nothing reached the backend while offline').toBe(
    false,
  )
  await setDeviceOffline(page.context(), false, logs)
  const offlineMs = Date.now() - logs.startedAt - change.changedAt
  expect(await follow(change, { windowMs: windowMs + offlineMs })).toMeetExpectation(expectation)
})
