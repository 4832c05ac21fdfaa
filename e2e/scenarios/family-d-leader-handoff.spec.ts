import { expect, leaderWorker, page, test, tmpLine } from '../harness/test.ts'

test.use({ quietBoot: true })

/**
 * Family D: a leader handoff with a push in flight (upstream issue #955).
 *
 * Timeline: the store has booted in the first tab, whose worker leads; a second tab opens on the
 * same store in the same browser context and follows (its leader worker does not run). The
 * follower changes a priority with real clicks: its session pushes the event through the
 * SharedWorker to the leader (barrier: the follower's `push->leader`, before `push->leader:ok`).
 * Then the leader's tab closes, at one of two moments, each its own cell:
 * - before the leader received the push: the leader holds at its `push` gate (`gate:wait`);
 * - after the leader advanced it and before it answered: the leader holds its answer at the
 *   `push-answer` gate (`push:advance`, then `gate:wait`), the backend holding the push (released at
 *   the close). Without the gate the answer raced the close, and won under CPU load (2 of the 60
 *   ledger runs before the gate: fixtures/evidence/family-D-handoff-after-leader-advanced.json).
 *   An unanswered request is what the SharedWorker's hand-off waits for (upstream #955).
 * The follower's tab takes the lock and starts its own leader. On 0.4.0 the hand-off can hang in the
 * SharedWorker: the follower's `_dev.syncStates()` stops answering and its change stays pending.
 * A third moment, after the backend acknowledged the push, is not a scenario: on 0.4.0 it stalled
 * in 16 of 20 runs, drained in 2, and in 2 the leader's push was not acknowledged before the
 * close: no barrier makes it deterministic yet, so it stays out of the gate.
 */
const moments = [
  { scenario: 'family-D-handoff-before-leader-received', moment: 'before the leader received the push' },
  { scenario: 'family-D-handoff-after-leader-advanced', moment: 'after the leader advanced the push' },
] as const

for (const { scenario, moment } of moments) {
  test(`the leader tab closes ${moment} of a follower's priority change`, { tag: `@${scenario}` }, async ({
    app,
    gates,
    faults,
    barrier,
    now,
    logs,
    store,
    follow,
    expectation,
  }) => {
    const follower = await app.openTab()
    expect(
      logs.lines.some((line) => line.process === leaderWorker(follower.tab)),
      'the second tab follows',
    ).toBe(false)
    const menu = await follower.openPriorityMenu(7)

    const since = now()
    const beforeReceived = scenario === 'family-D-handoff-before-leader-received'
    if (!beforeReceived) await faults.set({ holdPushes: true })
    const pick = () => menu.pick('Urgent')
    const change = await gates.hold(beforeReceived ? 'push' : 'push-answer', pick)
    await barrier(
      "the follower's push of the change to the leader",
      tmpLine.client('push->leader', { since, process: page(follower.tab) }),
    )
    if (!beforeReceived) {
      const global = store.head + 1
      await barrier(
        `the leader advancing e${global}`,
        tmpLine.leader('push:advance', { since, covering: global, process: leaderWorker(app.tab) }),
      )
    }

    await app.close()
    // The held push belongs to the closed leader; the fault must not hold the new leader's.
    await faults.reset()
    expect(await follow(change, { app: follower })).toMeetExpectation(expectation)
  })
}
