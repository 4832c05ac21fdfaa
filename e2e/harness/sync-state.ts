import type { Page } from '@playwright/test'
import type { SyncSnapshot } from '../../apps/linearlite/src/livestore/sync-probe.ts'
import { withTimeout } from './bounded.ts'

type ProbeWindow = { __harnessProbe?: { syncSnapshot: (timeoutMs: number) => Promise<SyncSnapshot> } }

/**
 * The session's and leader's sync state, read through the app's probe. `_dev.syncStates()` can
 * hang during a stall, so the read is bounded in the page and again here.
 */
export const readSyncSnapshot = (page: Page, timeoutMs: number): Promise<SyncSnapshot> =>
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
