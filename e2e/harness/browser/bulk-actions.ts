import type { Page } from '@playwright/test'
import { STATUSES } from '../../../apps/linearlite/src/labels.ts'
import { step } from '../base/step.ts'
import type { LogStream } from '../capture/log-stream.ts'
import type { MadeChange } from './change.ts'
import { type PriorityName, priorityChange } from './priority.ts'

export type StatusName = (typeof STATUSES)[number]

/**
 * LinearLite's multi-select, driven with real clicks: checkboxes on the rows (shift-click for a
 * range) and the bulk bar's "Set priority…" / "Set status…", each one commit of one event per
 * checked issue, in list order: how a batch reaches the leader.
 */
export class BulkActions {
  constructor(
    private readonly page: Page,
    private readonly stream: LogStream,
  ) {}

  private get bar() {
    return this.page.getByRole('toolbar', { name: 'Bulk actions' })
  }

  /** Ticks issues' checkboxes, one click each; `shiftLast` makes the last click a shift-click (a range). */
  check(issueIds: readonly number[], { shiftLast = false } = {}): Promise<void> {
    return step(`check issues ${issueIds.join(', ')}${shiftLast ? ' (shift-click on the last)' : ''}`, async () => {
      for (const [index, issueId] of issueIds.entries()) {
        const shift = shiftLast && index === issueIds.length - 1
        await this.page
          .getByRole('checkbox', { name: `Select issue ${issueId}`, exact: true })
          .click(shift ? { modifiers: ['Shift'] } : {})
      }
    })
  }

  /** Opens "Set priority…": the pick is one click away, so a scenario can place the commit after a barrier. */
  async openPriorityMenu(): Promise<{ pick: (priority: PriorityName) => Promise<MadeChange[]> }> {
    const option = (priority: PriorityName) => this.bar.getByRole('menuitemradio', { name: priority })
    await step('open "Set priority…" for the checked issues', async () => {
      await this.bar.getByRole('button', { name: 'Set priority…' }).click()
      await option('Urgent').waitFor()
    })
    return {
      pick: (priority) =>
        step(`set priority ${priority} for the checked issues`, async () => {
          const ids = await this.checkedIssueIds()
          const changedAt = Date.now() - this.stream.startedAt
          await option(priority).click()
          return ids.map((id) => priorityChange(id, priority, changedAt))
        }),
    }
  }

  async setPriority(priority: PriorityName): Promise<MadeChange[]> {
    return (await this.openPriorityMenu()).pick(priority)
  }

  setStatus(status: StatusName): Promise<MadeChange[]> {
    return step(`set status ${status} for the checked issues`, async () => {
      const ids = await this.checkedIssueIds()
      await this.bar.getByRole('button', { name: 'Set status…' }).click()
      const changedAt = Date.now() - this.stream.startedAt
      await this.bar.getByRole('menuitemradio', { name: status }).click()
      return ids.map((id) => ({
        target: {
          event: 'v1.UpdateIssueStatus',
          args: { id, status: STATUSES.indexOf(status) },
          label: `issue ${id} status → ${status}`,
        },
        changedAt,
      }))
    })
  }

  private async checkedIssueIds(): Promise<number[]> {
    const rows = this.page.locator('[data-testid="issue-row"]:has(input[type="checkbox"]:checked)')
    return (await rows.evaluateAll((elements) => elements.map((row) => row.getAttribute('data-issue-id')))).map(Number)
  }
}
