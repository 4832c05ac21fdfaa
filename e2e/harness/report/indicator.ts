import type { Page } from '@playwright/test'
import { sleep } from '../base/bounded.ts'
import type { SyncSample } from './report-context.ts'

/**
 * Waits (bounded) until the app's sync indicator shows the sample the verdict was made from, so
 * that the screenshot taken when the test ends agrees with the verdict: the indicator polls, and
 * a green verdict comes the moment the harness's own read drains. `false` when it never caught up.
 */
export const waitForIndicator = async (page: Page, sample: SyncSample | undefined, timeoutMs = 2000) => {
  if (sample === undefined) return false
  const indicator = page.getByTestId('sync-indicator')
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const shown = await indicator
      .evaluate((node) => ({
        stalled: node.getAttribute('data-stalled') === 'true',
        session: node.getAttribute('data-session-pending'),
        leader: node.getAttribute('data-leader-pending'),
      }))
      .catch(() => undefined)
    if (shown !== undefined) {
      const agrees =
        sample.session === undefined || sample.leader === undefined
          ? shown.stalled
          : shown.session === String(sample.session.pending) && shown.leader === String(sample.leader.pending)
      if (agrees) return true
    }
    await sleep(50)
  }
  return false
}
