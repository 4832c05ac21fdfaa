import type { Page } from '@playwright/test'
import type { HarnessProbe, SyncSnapshot } from '../../../apps/contract/sync-snapshot.ts'
import { withTimeout } from '../base/bounded.ts'

type ProbeWindow = { __harnessProbe?: HarnessProbe }

/**
 * The session's and leader's sync state, read through the app's probe. `_dev.syncStates()` can
 * hang during a stall, so the read is bounded in the page and again here.
 */
export const readPageSyncSnapshot = (page: Page, timeoutMs: number): Promise<SyncSnapshot> =>
  withTimeout(
    page
      .evaluate(async (ms) => {
        const probe = (window as unknown as ProbeWindow).__harnessProbe
        if (probe === undefined) return { answered: false as const, reason: 'the store has not booted' }
        return probe.syncSnapshot(ms)
      }, timeoutMs)
      .catch(
        (error: unknown): SyncSnapshot => ({ answered: false, reason: `the page could not be read: ${String(error)}` }),
      ),
    timeoutMs + 500,
    (): SyncSnapshot => ({ answered: false, reason: `the page did not answer within ${timeoutMs + 500} ms` }),
  )
