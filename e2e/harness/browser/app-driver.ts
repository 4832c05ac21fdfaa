import type { BrowserContext, Page } from '@playwright/test'
import { parseSeq } from '../../../apps/contract/seq.ts'
import { PRIORITIES, STATUSES } from '../../../apps/linearlite/src/labels.ts'
import { capturePageConsole } from '../capture/console-capture.ts'
import type { LogStream } from '../capture/log-stream.ts'
import { sleep } from '../run/bounded.ts'
import type { ChangeTarget } from '../verdict/diagnose.ts'
import { tabCloseLine } from '../verdict/handoff.ts'
import { readPageSyncSnapshot } from './sync-probe.ts'

export type PriorityName = (typeof PRIORITIES)[number]
export type StatusName = (typeof STATUSES)[number]

export interface MadeChange {
  target: ChangeTarget
  /** When the click that commits the change started, on the log stream's clock. */
  changedAt: number
}

export interface OpenOptions {
  expectedHead: number
  expectedIssues: number
  timeoutMs: number
  /** Let the app set its UI state only after the initial pull: a boot without the seed's rebase race. */
  uiStateAfterPull?: boolean
  /** Why the backend is gone, if it is: ends the wait at once instead of at the timeout. */
  backendGone?: () => string | undefined
}

/** What every tab of one test shares: how to boot another, and the browser contexts it opened. */
interface Tabs {
  count: number
  openOptions?: OpenOptions
  contexts: BrowserContext[]
}

/** Drives the LinearLite app the way a person does: URLs and clicks, nothing injected. */
export class LinearLiteApp {
  constructor(
    readonly page: Page,
    private readonly baseUrl: URL,
    readonly storeId: string,
    private readonly stream: LogStream,
    /** 1 for the test's first tab; its console is `page`, the others' `page#2`, `leader-worker#2`, … */
    readonly tab = 1,
    private readonly tabs: Tabs = { count: 1, contexts: [] },
  ) {}

  /** Another tab on the same store in the same browser context: it shares the SharedWorker and the leader. */
  openTab(options?: Partial<OpenOptions>): Promise<LinearLiteApp> {
    return this.openIn(this.page.context(), options)
  }

  /** Another client: a browser context of its own (another device), with its own leader and storage. */
  async openClient(options?: Partial<OpenOptions>): Promise<LinearLiteApp> {
    const browser = this.page.context().browser()
    if (browser === null) throw new Error('the page has no browser to open another client in')
    const context = await browser.newContext()
    this.tabs.contexts.push(context)
    return this.openIn(context, options)
  }

  /** Closes this tab as a user does (no beforeunload prompt), marking the moment in the log stream. */
  close(): Promise<void> {
    this.stream.add('harness', 'info', tabCloseLine(this.tab))
    return this.page.close()
  }

  /** Closes the browser contexts `openClient` opened; the test's own context is Playwright's. */
  async closeClients(): Promise<void> {
    await Promise.all(this.tabs.contexts.splice(0).map((context) => context.close()))
  }

  private async openIn(context: BrowserContext, options?: Partial<OpenOptions>): Promise<LinearLiteApp> {
    const openOptions = this.tabs.openOptions
    if (openOptions === undefined) throw new Error('open the first tab before opening others')
    this.tabs.count += 1
    const page = await context.newPage()
    // A follower's leader worker starts only when its tab takes over; the page's console carries it from then on.
    capturePageConsole(page, this.stream, this.tabs.count)
    const app = new LinearLiteApp(page, this.baseUrl, this.storeId, this.stream, this.tabs.count, this.tabs)
    await app.open({ ...openOptions, ...options })
    return app
  }

  /**
   * Opens the store and waits until it has booted: the store answers, every seeded event has
   * come down to the session, the session has nothing pending and the list shows the issues.
   * (The leader keeps client-document events pending until its next pull: not a sign of boot.)
   */
  async open(options: OpenOptions) {
    this.tabs.openOptions ??= options
    const { expectedHead, expectedIssues, timeoutMs, uiStateAfterPull = false, backendGone } = options
    const query = new URLSearchParams({ storeId: this.storeId, ...(uiStateAfterPull ? { uiState: 'after-pull' } : {}) })
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
        const pending = snapshot.session.pending.length
        if (head >= expectedHead && pending === 0 && rows === expectedIssues) return
        last = `session upstream ${snapshot.session.upstreamHead} of e${expectedHead}, ${pending} pending in the session, ${rows}/${expectedIssues} issues shown`
      } else {
        last = snapshot.reason
      }
      await sleep(100)
    }
    throw new Error(`store ${this.storeId} did not boot within ${timeoutMs} ms: ${last}`)
  }

  /** Selects an issue by its title: LinearLite keeps the selection in a client document (a client-only event). */
  async selectIssue(issueId: number): Promise<void> {
    await this.page.locator(`[data-testid="issue-row"][data-issue-id="${issueId}"] .title`).click()
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
    await row.getByRole('button', { name: 'Select priority' }).click()
    const option = (priority: PriorityName) => row.getByRole('menuitemradio', { name: priority })
    await option('Urgent').waitFor()
    return {
      pick: async (priority) => {
        // The change's clock starts as the click starts: its console lines can arrive before the click returns.
        const changedAt = Date.now() - this.stream.startedAt
        await option(priority).click()
        return this.madeChange(issueId, priority, changedAt)
      },
    }
  }

  /** Ticks issues' checkboxes, one click each; `shift` on the last click selects the range from the one before. */
  async checkIssues(issueIds: readonly number[], { shiftLast = false } = {}): Promise<void> {
    for (const [index, issueId] of issueIds.entries()) {
      const shift = shiftLast && index === issueIds.length - 1
      await this.page
        .getByRole('checkbox', { name: `Select issue ${issueId}`, exact: true })
        .click(shift ? { modifiers: ['Shift'] } : {})
    }
  }

  /**
   * "Set priority…" for the checked issues: one commit of one event per issue, in list order.
   * Opens the menu first, so a scenario can place the commit after a barrier with `pick`.
   */
  async openBulkPriorityMenu(): Promise<{ pick: (priority: PriorityName) => Promise<MadeChange[]> }> {
    const bar = this.page.getByRole('toolbar', { name: 'Bulk actions' })
    await bar.getByRole('button', { name: 'Set priority…' }).click()
    const option = (priority: PriorityName) => bar.getByRole('menuitemradio', { name: priority })
    await option('Urgent').waitFor()
    return {
      pick: async (priority) => {
        const ids = await this.checkedIssueIds()
        const changedAt = Date.now() - this.stream.startedAt
        await option(priority).click()
        return ids.map((id) => this.madeChange(id, priority, changedAt))
      },
    }
  }

  async bulkSetPriority(priority: PriorityName): Promise<MadeChange[]> {
    return (await this.openBulkPriorityMenu()).pick(priority)
  }

  /** "Set status…" for the checked issues, one commit. */
  async bulkSetStatus(status: StatusName): Promise<MadeChange[]> {
    const bar = this.page.getByRole('toolbar', { name: 'Bulk actions' })
    const ids = await this.checkedIssueIds()
    await bar.getByRole('button', { name: 'Set status…' }).click()
    const changedAt = Date.now() - this.stream.startedAt
    await bar.getByRole('menuitemradio', { name: status }).click()
    return ids.map((id) => ({
      target: {
        event: 'v1.UpdateIssueStatus',
        args: { id, status: STATUSES.indexOf(status) },
        label: `issue ${id} status → ${status}`,
      },
      changedAt,
    }))
  }

  private async checkedIssueIds(): Promise<number[]> {
    const rows = this.page.locator('[data-testid="issue-row"]:has(input[type="checkbox"]:checked)')
    return (await rows.evaluateAll((elements) => elements.map((row) => row.getAttribute('data-issue-id')))).map(Number)
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
