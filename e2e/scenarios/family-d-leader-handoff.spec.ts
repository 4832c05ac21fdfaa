import { armLeaderGate } from '../harness/browser/leader-gates.ts'
import { type CapturedLine, tmpPoint } from '../harness/capture/log-stream.ts'
import { expect, test } from '../harness/test.ts'
import { tmpPointCovering } from '../harness/verdict/stages.ts'

const BARRIER_MS = 10_000

/** A leader line (of the first tab's worker) whose seqs cover `global`. */
const leaderLineCovering =
  (name: string, global: number, since: number) =>
  (line: CapturedLine): boolean =>
    tmpPointCovering('leader', name, global, since)(line) && line.process === 'leader-worker'

/**
 * Family D: a leader handoff with a push in flight (upstream issue #955).
 *
 * Timeline: the store has booted in the first tab, whose worker leads; a second tab opens on the
 * same store in the same browser context and follows (its leader worker does not run). The
 * follower changes a priority with real clicks: its session pushes the event through the
 * SharedWorker to the leader (barrier: the follower's `push->leader`, before `push->leader:ok`).
 * Then the leader's tab closes, at one of two moments, each its own cell:
 * - before the leader received the push: the leader holds at its `push` gate (`gate:wait`);
 * - after the leader advanced it, the backend holding the push (`push:advance`; released at the close).
 * The follower's tab takes the lock and starts its own leader. On 0.4.0 the hand-off can hang in the
 * SharedWorker: the follower's `_dev.syncStates()` stops answering and its change stays pending.
 * A third moment, after the backend acknowledged the push, is not a scenario: on 0.4.0 it stalled
 * in 16 of 20 runs, drained in 2, and in 2 the leader's push was not acknowledged before the
 * close (docs/measurements.md#verdicts-and-convergence): no barrier makes it deterministic yet, so it stays out of the gate.
 */
const moments = [
  { scenario: 'family-D-handoff-before-leader-received', moment: 'before the leader received the push' },
  { scenario: 'family-D-handoff-after-leader-advanced', moment: 'after the leader advanced the push' },
] as const

for (const { scenario, moment } of moments) {
  test.describe(() => {
    test.use({ quietBoot: true })

    test(`the leader tab closes ${moment} of a follower's priority change`, { tag: `@${scenario}` }, async ({
      expectation,
      app,
      backend,
      store,
      logs,
      follow,
    }) => {
      const follower = await app.openTab()
      expect(
        logs.lines.some((line) => line.process === 'leader-worker#2'),
        'the second tab follows',
      ).toBe(false)
      const menu = await follower.openPriorityMenu(7)

      const since = Date.now() - logs.startedAt
      if (scenario === 'family-D-handoff-before-leader-received') await armLeaderGate(app.page, 'push', logs)
      if (scenario === 'family-D-handoff-after-leader-advanced')
        await backend.control.setFaults(store.id, { holdPushes: true })
      const change = await menu.pick('Urgent')
      await logs.waitFor(
        "the follower's push of the change to the leader",
        (line) => tmpPoint('client', 'push->leader', since)(line) && line.process === 'page#2',
        BARRIER_MS,
      )
      const global = store.head + 1
      const barrier = {
        'family-D-handoff-before-leader-received': {
          what: 'the leader holding the push at its push gate',
          line: (line: CapturedLine) => tmpPoint('leader', 'gate:wait', since)(line) && line.fields?.name === 'push',
        },
        'family-D-handoff-after-leader-advanced': {
          what: `the leader advancing e${global}`,
          line: leaderLineCovering('push:advance', global, since),
        },
      }[scenario]
      await logs.waitFor(barrier.what, barrier.line, BARRIER_MS)

      await app.close()
      // The held push belongs to the closed leader; the fault must not hold the new leader's.
      await backend.control.resetFaults()
      expect(await follow(change, { app: follower })).toMeetExpectation(expectation)
    })
  })
}
