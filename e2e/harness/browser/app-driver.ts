import type { Page } from '@playwright/test'
import { parseSeq } from '../../../apps/contract/seq.ts'
import type { SyncSide } from '../../../apps/contract/sync-snapshot.ts'
import { PRIORITIES } from '../../../apps/linearlite/src/labels.ts'
import type { LogStream } from '../capture/log-stream.ts'
import { sleep } from '../run/bounded.ts'
import { step } from '../run/step.ts'
import type { MadeChange } from './change.ts'
import { readPageSyncSnapshot } from './sync-probe.ts'

export type PriorityName = (typeof PRIORITIES)[number]

export interface OpenOptions {
  expectedHead: number
  expectedIssues: number
  timeoutMs: number
  /** Let the app set its UI state only after the initial pull: a boot without the seed's rebase race. */
  quietBoot?: boolean
  /** Why the backend is gone, if it is: ends the wait at once instead of at the timeout. */
  backendGone?: () => string | undefined
}

/** Drives the LinearLite app the way a person does: URLs and clicks, nothing injected. */
export class LinearLiteApp {
  constructor(
    readonly page: Page,
    private readonly baseUrl: URL,
    readonly storeId: string,
    private readonly stream: LogStream,
  ) {}

  /**
   * Opens the store and waits until it has booted: the store answers, every seeded event has
   * come down to the session and the list shows the issues. Returns what the session still has
   * pending then (the boot's own client-document events, on their way): whether they drain is a
   * verdict, not a boot failure.
   */
  open(options: OpenOptions): Promise<SyncSide['pending']> {
    return step(`open store ${this.storeId}${options.quietBoot === true ? ' (quiet boot)' : ''}`, () =>
      this.boot(options),
    )
  }

  private async boot({ expectedHead, expectedIssues, timeoutMs, quietBoot = false, backendGone }: OpenOptions) {
    const query = new URLSearchParams({ storeId: this.storeId, ...(quietBoot ? { quietBoot: '1' } : {}) })
    await this.page.goto(new URL(`/?${query}`, this.baseUrl).href)
    const deadline = Date.now() + timeoutMs
    let last = 'nothing read yet'
    while (Date.now() < deadline) {
      const gone = backendGone?.()
      if (gone !== undefined) throw new Error(`store ${this.storeId} did not boot: ${gone}`)
      const snapshot = await readPageSyncSnapshot(this.page, 1000)
      if (snapshot.answered) {
        const head = parseSeq(snapshot.session.upstreamHead)?.global ?? 0
        const rows = await this.page.getByTestId('issue-row').count()
        if (head >= expectedHead && rows === expectedIssues) return snapshot.session.pending
        last = `session upstream ${snapshot.session.upstreamHead} of e${expectedHead}, ${rows}/${expectedIssues} issues shown`
      } else {
        last = snapshot.reason
      }
      await sleep(100)
    }
    throw new Error(`store ${this.storeId} did not boot within ${timeoutMs} ms: ${last}`)
  }

  /** Selects an issue by its title: LinearLite keeps the selection in a client document (a client-only event). */
  selectIssue(issueId: number): Promise<void> {
    return step(`select issue ${issueId}`, () =>
      this.page.locator(`[data-testid="issue-row"][data-issue-id="${issueId}"] .title`).click(),
    )
  }

  /** Opens an issue's priority menu and picks a priority, with real clicks. */
  async changePriority(issueId: number, priority: PriorityName): Promise<MadeChange> {
    const menu = await this.openPriorityMenu(issueId)
    return menu.pick(priority)
  }

  /**
   * The first click only: the menu is open and the pick is one click away, so a scenario can
   * place the commit right after a barrier.
   */
  async openPriorityMenu(issueId: number): Promise<{ pick: (priority: PriorityName) => Promise<MadeChange> }> {
    const row = this.page.locator(`[data-testid="issue-row"][data-issue-id="${issueId}"]`)
    const option = (priority: PriorityName) => row.getByRole('menuitemradio', { name: priority })
    await step(`open the priority menu of issue ${issueId}`, async () => {
      await row.getByRole('button', { name: 'Select priority' }).click()
      await option('Urgent').waitFor()
    })
    return {
      pick: (priority) =>
        step(`pick priority ${priority} for issue ${issueId}`, async () => {
          // The change's clock starts as the click starts: its console lines can arrive before the click returns.
          const changedAt = Date.now() - this.stream.startedAt
          await option(priority).click()
          return this.madeChange(issueId, priority, changedAt)
        }),
    }
  }

  private madeChange(issueId: number, priority: PriorityName, changedAt: number): MadeChange {
    return {
      target: {
        event: 'v1.UpdateIssuePriority',
        args: { id: issueId, priority: PRIORITIES.indexOf(priority) },
        label: `issue ${issueId} priority → ${priority}`,
      },
      changedAt,
    }
  }
}
