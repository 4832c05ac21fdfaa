import { BARRIER_MS, type CapturedLine, type LinePredicate } from '../capture/log-stream.ts'
import { test as base } from './capture.ts'

/** A wait for a `[TMP]` line (already captured or still to come), bounded, never a sleep. */
interface Barrier {
  /** Resolves with the first line that matches; fails the test after the bound, naming what it waited for. */
  (description: string, line: LinePredicate, timeoutMs?: number): Promise<CapturedLine>
  /**
   * A wait on the system's own recovery (a reconnect): one that does not come in time is part of
   * the verdict, not the test's error. Resolves whether it came.
   */
  recovery(description: string, line: LinePredicate, timeoutMs?: number): Promise<boolean>
}

interface BarrierTestScope {
  /** The log stream's clock, in ms: what a barrier's `since` and a change's `changedAt` count. */
  now: () => number
  barrier: Barrier
}

export const test = base.extend<BarrierTestScope>({
  now: async ({ logs }, use) => use(() => Date.now() - logs.startedAt),

  barrier: async ({ logs }, use) =>
    use(
      Object.assign(
        (description: string, line: LinePredicate, timeoutMs = BARRIER_MS) =>
          logs.waitFor(description, line, timeoutMs),
        {
          recovery: (description: string, line: LinePredicate, timeoutMs = BARRIER_MS) =>
            logs.waitForRecovery(description, line, timeoutMs),
        },
      ),
    ),
})
