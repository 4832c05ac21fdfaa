import { setDeviceOffline } from '../harness/browser/offline.ts'
import type { CapturedLine } from '../harness/capture/log-stream.ts'
import { tmpPoint } from '../harness/capture/log-stream.ts'
import { expect, test } from '../harness/test.ts'

test.use({ quietBoot: true })

const BARRIER_MS = 10_000

/** A leader line of one device's worker (`leader-worker`, `leader-worker#2`). */
const leaderOf =
  (process: string, name: string, since: number) =>
  (line: CapturedLine): boolean =>
    tmpPoint('leader', name, since)(line) && line.process === process

/** A session line of one device's page (`page`, `page#2`). */
const sessionOf =
  (process: string, name: string, since: number) =>
  (line: CapturedLine): boolean =>
    tmpPoint('client', name, since)(line) && line.process === process

/**
 * Concurrent offline reconnects (upstream issue #1394: stale-parent pushes deadlock in sync-cf).
 *
 * Timeline: the store has booted at e53 on two devices, A and B. Both go offline (`setOffline`),
 * and the backend aborts the store's WebSockets (so each device, once back, finds its connection
 * gone and must reconnect). Each device changes a priority while offline; each leader takes its
 * e54 (parent e53) and, its connection gone, waits (barriers: each session's `push->leader:ok`). Both come
 * back online together: both reconnect and push stale-parent events at the same moment; one wins
 * e54, the other gets ServerAheadError and must rebase onto it. The window counts from B's reconnect
 * (barrier, bounded: its leader's first page after coming back). The verdict follows B's change, read through B; convergence checks both devices end with the backend's eventlog.
 */
test('two devices offline, each changes a priority, both reconnect together', {
  tag: '@offline-reconnect-concurrent',
}, async ({ app, page, backend, store, logs, follow, windowMs, expectation }) => {
  const deviceB = await app.openClient()
  const since = Date.now() - logs.startedAt
  await Promise.all([
    setDeviceOffline(page.context(), true, logs, { device: 1 }),
    setDeviceOffline(deviceB.page.context(), true, logs, { device: 2 }),
  ])
  await backend.control.dropSockets(store.id, { abort: true })
  await app.changePriority(2, 'Urgent')
  const change = await deviceB.changePriority(3, 'High')
  await logs.waitFor("A's leader taking its change", sessionOf('page', 'push->leader:ok', since), BARRIER_MS)
  await logs.waitFor("B's leader taking its change", sessionOf('page#2', 'push->leader:ok', since), BARRIER_MS)
  await Promise.all([
    setDeviceOffline(page.context(), false, logs, { device: 1 }),
    setDeviceOffline(deviceB.page.context(), false, logs, { device: 2 }),
  ])
  const onlineAt = Date.now() - logs.startedAt
  // The clients reconnect with their own backoff (1–2 s); a reconnect that never comes is part of
  // the stall: the verdict below names it.
  await logs.waitForRecovery(
    "B reconnecting (its leader's first page)",
    leaderOf('leader-worker#2', 'pull:page', onlineAt),
    BARRIER_MS,
  )
  const sinceChange = Date.now() - logs.startedAt - change.changedAt
  expect(await follow(change, { app: deviceB, windowMs: windowMs + sinceChange })).toMeetExpectation(expectation)
})
