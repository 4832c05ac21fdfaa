import { expect, mergeTests } from '@playwright/test'
import { armLeaderGate, openLeaderGate } from '../browser/leader-gates.ts'
import { test as appTest } from './app.ts'
import { test as barriersTest } from './barriers.ts'
import { tmpLine } from './lines.ts'

/**
 * The leader's gates (docs/tracepoints.md#gates): `pull` after it took a pull's latch or lock,
 * `push` before `push:recv`, `push-answer` after `push:settled` (before it answers the push),
 * `pull-trimmed` before it applies a page.
 */
type LeaderGate = 'pull' | 'push' | 'push-answer' | 'pull-trimmed'

/** The leader of the test's first tab, held at a gate while the test acts. */
interface Gates {
  /**
   * Arms the gate, runs `trigger` (what sends the leader into it: another writer's issues, a
   * push), and waits until the leader holds there (its `gate:wait`, within the barrier's bound).
   * Resolves with what `trigger` resolved with.
   */
  hold<T>(gate: LeaderGate, trigger: () => Promise<T>): Promise<T>
  /** Lets the leader through a gate it holds at. */
  open(gate: LeaderGate): Promise<void>
}

export const test = mergeTests(appTest, barriersTest).extend<{ gates: Gates }>({
  gates: async ({ app, logs, now, barrier }, use) => {
    await use({
      hold: async (gate, trigger) => {
        const since = now()
        await armLeaderGate(app.page, gate, logs)
        const result = await trigger()
        await barrier(
          `the leader holding at its ${gate} gate`,
          tmpLine.leader('gate:wait', { since, fields: { name: gate } }),
        )
        return result
      },
      open: async (gate) => {
        expect(await openLeaderGate(app.page, gate), `the leader was holding at its ${gate} gate`).toBe(true)
      },
    })
  },
})
