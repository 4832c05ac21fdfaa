import { expect, leaderWorker, page, test, tmpLine } from '../harness/test.ts'

test.use({ quietBoot: true })

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
}, async ({ app, faults, barrier, now, follow, expectation }) => {
  const deviceB = await app.openClient()
  const since = now()
  await faults.offline(app, deviceB)
  await faults.dropSockets({ abort: true })
  await app.changePriority(2, 'Urgent')
  const change = await deviceB.changePriority(3, 'High')
  const tookIn = (tab: number) => tmpLine.client('push->leader:ok', { since, process: page(tab) })
  await barrier("A's leader taking its change", tookIn(app.tab))
  await barrier("B's leader taking its change", tookIn(deviceB.tab))
  await faults.online(app, deviceB)
  const online = now()
  // The clients reconnect with their own backoff (1–2 s); a reconnect that never comes is part of
  // the stall: the verdict below names it.
  await barrier.recovery(
    "B reconnecting (its leader's first page)",
    tmpLine.leader('pull:page', { since: online, process: leaderWorker(deviceB.tab) }),
  )
  expect(await follow(change, { app: deviceB, windowFrom: now() })).toMeetExpectation(expectation)
})
