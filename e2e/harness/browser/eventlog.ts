import type { Page } from '@playwright/test'
import type { EventlogRead } from '../../../apps/contract/eventlog.ts'
import type { HarnessProbe } from '../../../apps/contract/sync-snapshot.ts'
import { withTimeout } from '../base/bounded.ts'

type ProbeWindow = { __harnessProbe?: HarnessProbe }

/** A client's confirmed eventlog up to `untilGlobal`, read through the app's probe, bounded in the page and here. */
export const readPageEventlog = (page: Page, untilGlobal: number, timeoutMs: number): Promise<EventlogRead> =>
  withTimeout(
    page
      .evaluate(
        async ([until, ms]) => {
          const probe = (window as unknown as ProbeWindow).__harnessProbe
          if (probe === undefined) return { read: false as const, reason: 'the store has not booted' }
          return probe.eventlog(until, ms)
        },
        [untilGlobal, timeoutMs] as const,
      )
      .catch(
        (error: unknown): EventlogRead => ({ read: false, reason: `the page could not be read: ${String(error)}` }),
      ),
    timeoutMs + 500,
    (): EventlogRead => ({ read: false, reason: `the page did not answer within ${timeoutMs + 500} ms` }),
  )

/** Every open page of the browser that has booted the app: each tab of each client (device). */
export const appPages = async (pages: readonly Page[]): Promise<Page[]> => {
  const booted = await Promise.all(
    pages.map((page) =>
      withTimeout(
        page.evaluate(() => (window as unknown as ProbeWindow).__harnessProbe !== undefined).catch(() => false),
        1000,
        () => false,
      ),
    ),
  )
  return pages.filter((_, index) => booted[index] === true)
}
