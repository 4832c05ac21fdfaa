import type { BrowserContext, Page } from '@playwright/test'
import type { BootWaitWindow } from '../../../apps/contract/boot-wait.ts'
import { type DeviceKind, type TabKind, transportOf } from '../../../apps/contract/device-kind.ts'
import { parseSeq } from '../../../apps/contract/seq.ts'
import type { SyncSide, SyncSnapshot } from '../../../apps/contract/sync-snapshot.ts'
import { formatTmpLine } from '../../../apps/contract/tmp-line.ts'
import type { BackendControl } from '../backend/control-client.ts'
import { step } from '../base/step.ts'
import { capturePageConsole, type SharedWorkerCapture } from '../capture/console-capture.ts'
import {
  isLivestoreConsole,
  isTmp,
  type LogStream,
  leaderWorker as leaderProcess,
  page as pageProcess,
} from '../capture/log-stream.ts'
import { ERROR_QUOTE_CHARS, failedStart, leaderRefusedBoot, tabCloseLine } from '../capture/tab-lifecycle.ts'
import { BulkActions } from './bulk-actions.ts'
import type { ChangedOn, MadeChange, PeerClient } from './change.ts'
import { tabKind } from './device-kinds.ts'
import { type PriorityName, priorityChange } from './priority.ts'
import { REPLICA_PEER, ReplicaDevice } from './replica-device.ts'
import { readPageSyncSnapshot } from './sync-probe.ts'

export interface OpenOptions {
  expectedHead: number
  expectedIssues: number
  timeoutMs: number
  /** Let the app set its UI state only after the initial pull: a boot without the seed's rebase race. */
  quietBoot?: boolean
  /** Why the backend is gone, if it is: ends the wait at once instead of at the timeout. */
  backendGone?: () => string | undefined
  /** The kind of device the tab is (a tab over WebSocket unless given); a tab shares its device's leader, so its kind. */
  device?: TabKind
}

/**
 * A store that did not boot: not within its bound, or LiveStore failed to start it (the app's
 * `store:error`). A stall to judge where a reload caused it; else the test's error, naming why.
 */
export class StoreDidNotBootError extends Error {}

/** How a boot failure LiveStore reported (not a timeout) reads: the explorer lists it as a finding. */
export const FAILED_TO_START = 'LiveStore failed to start it'

/** What every tab of one test shares: how to boot another, the browser contexts it opened, and which client each tab is. */
interface Tabs {
  count: number
  openOptions?: OpenOptions
  contexts: BrowserContext[]
  /** The client (`A`, `B`, …: one per browser context) of tab n at index n - 1. */
  clients: string[]
  /** The kind of device of tab n at index n - 1. */
  devices: TabKind[]
  /** Ends the test as not applicable when this build's LiveStore cannot run a kind of device. */
  requireDevice: (kind: DeviceKind) => void
  /** Opens the store's replica in the backend (the fixture knows the backend); resolves with the control client that drives it. */
  openReplica: () => Promise<BackendControl>
  /** The replica, once opened. */
  replica?: ReplicaDevice
  /** Released around a reload, so that the shared worker can go with its last tab. */
  sharedWorkers?: SharedWorkerCapture
}

/** Drives the LinearLite app the way a person does: URLs and clicks, nothing injected. */
export class LinearLiteApp implements ChangedOn {
  /** Multi-select and the bulk bar. */
  readonly bulk: BulkActions

  constructor(
    readonly page: Page,
    private readonly baseUrl: URL,
    readonly storeId: string,
    private readonly stream: LogStream,
    /** 1 for the test's first tab; its console is `page`, the others' `page#2`, `leader-worker#2`, … */
    readonly tab: number,
    private readonly tabs: Tabs,
  ) {
    this.bulk = new BulkActions(page, stream)
  }

  /** Which client (browser context) this tab belongs to: `A` for the test's own. */
  get client(): string {
    return this.tabs.clients[this.tab - 1] ?? 'A'
  }

  /** The store's replica, once a test opened it. */
  get replica(): ReplicaDevice | undefined {
    return this.tabs.replica
  }

  /** Which kind of device this tab is. */
  get device(): TabKind {
    return this.tabs.devices[this.tab - 1] ?? 'tab'
  }

  /** The other clients of the store, with their tabs' leader processes, and its replica if one is open. */
  peers(): PeerClient[] {
    return [
      ...this.tabClients().filter(({ name }) => name !== this.client),
      ...(this.tabs.replica === undefined ? [] : [REPLICA_PEER]),
    ]
  }

  /** This tab's session's and leader's sync state, read through the app's probe. */
  readSnapshot(timeoutMs: number): Promise<SyncSnapshot> {
    return readPageSyncSnapshot(this.page, timeoutMs)
  }

  /**
   * Opens the store's Cloudflare replica (one per store): a LiveStore store inside a Durable Object
   * of the worker, syncing over DO-RPC, driven through the control routes. Its boot pulls the store.
   */
  async openReplica(): Promise<ReplicaDevice> {
    this.tabs.requireDevice('replica')
    this.tabs.replica ??= await step(`open store ${this.storeId}'s replica`, async () => {
      const control = await this.tabs.openReplica()
      return new ReplicaDevice(control, this.storeId, this.stream, () => this.tabClients())
    })
    return this.tabs.replica
  }

  /** Every tab's client, with its leaders: a replica's peers. */
  private tabClients(): PeerClient[] {
    return [...new Set(this.tabs.clients)].map((name) => ({
      name,
      leaders: this.tabs.clients.flatMap((client, index) => (client === name ? [leaderProcess(index + 1)] : [])),
    }))
  }

  /** Another tab on the same store in the same browser context: it shares the SharedWorker and the leader. */
  openTab(options?: Partial<OpenOptions>): Promise<LinearLiteApp> {
    if (options?.device !== undefined && options.device !== this.device)
      throw new Error(
        `a tab shares its device's leader: tab ${this.tab}'s device is a ${this.device}, not a ${options.device}`,
      )
    return this.openIn(this.page.context(), this.client, { ...options, device: this.device })
  }

  /** Another client: a browser context of its own (another device), with its own leader and storage. */
  async openClient(options?: Partial<OpenOptions>): Promise<LinearLiteApp> {
    const device = tabKind(options?.device ?? 'tab')
    this.tabs.requireDevice(device)
    const browser = this.page.context().browser()
    if (browser === null) throw new Error('the page has no browser to open another client in')
    const context = await browser.newContext()
    this.tabs.contexts.push(context)
    return this.openIn(context, String.fromCharCode('A'.charCodeAt(0) + this.tabs.contexts.length), {
      ...options,
      device,
    })
  }

  /** Closes this tab as a user does (no beforeunload prompt), marking the moment in the log stream. */
  close(): Promise<void> {
    return step(`close tab ${this.tab}`, () => {
      this.stream.add('harness', 'info', tabCloseLine(this.tab))
      return this.page.close()
    })
  }

  /** Closes the browser contexts `openClient` opened; the test's own context is Playwright's. */
  async closeClients(): Promise<void> {
    await Promise.all(this.tabs.contexts.splice(0).map((context) => context.close()))
  }

  private async openIn(
    context: BrowserContext,
    client: string,
    options: Partial<OpenOptions> & { device: TabKind },
  ): Promise<LinearLiteApp> {
    const openOptions = this.tabs.openOptions
    if (openOptions === undefined) throw new Error('open the first tab before opening others')
    this.tabs.count += 1
    this.tabs.clients.push(client)
    this.tabs.devices.push(options.device)
    const page = await context.newPage()
    // A follower's leader worker starts only when its tab takes over; the page's console carries it from then on.
    capturePageConsole(page, this.stream, this.tabs.count)
    const app = new LinearLiteApp(page, this.baseUrl, this.storeId, this.stream, this.tabs.count, this.tabs)
    await app.open({ ...openOptions, ...options })
    return app
  }

  /**
   * Opens the store and waits until it has booted: the store answers, every seeded event has
   * come down to the session and the list shows the issues. Returns what the session still has
   * pending then (the boot's own client-document events, on their way): whether they drain is a
   * verdict, not a boot failure.
   */
  open(options: OpenOptions): Promise<SyncSide['pending']> {
    this.tabs.openOptions ??= options
    const kind = this.device === 'tab' ? '' : `, a ${this.device}`
    const title = `open store ${this.storeId} in tab ${this.tab}${kind}${options.quietBoot === true ? ' (quiet boot)' : ''}`
    return step(title, () => this.boot(options))
  }

  private async boot({ expectedHead, expectedIssues, timeoutMs, quietBoot = false, backendGone }: OpenOptions) {
    const transport = transportOf(this.device)
    const query = new URLSearchParams({
      storeId: this.storeId,
      ...(quietBoot ? { quietBoot: '1' } : {}),
      ...(transport === 'ws' ? {} : { transport }),
    })
    const openedAt = this.stream.lines.length
    await this.page.goto(new URL(`/?${query}`, this.baseUrl).href)
    const deadline = Date.now() + timeoutMs
    let last = 'nothing read yet'
    while (Date.now() < deadline) {
      const gone = backendGone?.()
      if (gone !== undefined) throw new Error(`store ${this.storeId} did not boot: ${gone}`)
      const opened = this.stream.lines.slice(openedAt)
      const pageLines = opened.filter((line) => line.process === pageProcess(this.tab))
      const failed = failedStart(pageLines.filter(isTmp), pageLines.filter(isLivestoreConsole))
      if (failed !== undefined)
        throw new StoreDidNotBootError(
          `store ${this.storeId} did not boot in tab ${this.tab}: ${FAILED_TO_START}: ${failed.error.slice(0, ERROR_QUOTE_CHARS)}`,
        )
      // Every leader on this storage refuses the same way: the head never comes, so the boot is
      // decided as soon as LiveStore's own fallback shows the list the user goes on from.
      const refused = leaderRefusedBoot(opened.filter(isLivestoreConsole))
      if (refused !== undefined) {
        last = `its leader refused to boot (“${refused.refusal}”)`
        // A quiet boot's wait for the initial pull would otherwise run to its bound: no pull comes.
        await this.page
          .evaluate((evidence) => (window as BootWaitWindow).__harnessEndBootWait?.(evidence), refused.refusal)
          .catch(() => undefined)
        if ((await this.page.getByTestId('issue-row').count()) >= expectedIssues)
          throw new StoreDidNotBootError(`store ${this.storeId} did not boot in tab ${this.tab}: ${last}`)
      }
      const seen = this.stream.lines.length
      const snapshot = await readPageSyncSnapshot(this.page, 1000)
      if (snapshot.answered) {
        const head = parseSeq(snapshot.session.upstreamHead)?.global ?? 0
        const rows = await this.page.getByTestId('issue-row').count()
        // At least: a reload comes after other writers' issues.
        if (head >= expectedHead && rows >= expectedIssues) return snapshot.session.pending
        last = `session upstream ${snapshot.session.upstreamHead} of e${expectedHead}, ${rows}/${expectedIssues} issues shown`
      } else if (refused === undefined) {
        last = snapshot.reason
      }
      await this.stream.nextActivity(seen, deadline)
    }
    throw new StoreDidNotBootError(`store ${this.storeId} did not boot within ${timeoutMs} ms: ${last}`)
  }

  /**
   * Reloads the page as a user does: the session restarts on the same store and boots again
   * (within `timeoutMs`, the boot's bound unless given).
   */
  async reload(timeoutMs?: number): Promise<void> {
    const opened = this.tabs.openOptions
    if (opened === undefined) throw new Error('open the tab before reloading it')
    const options = { ...opened, ...(timeoutMs === undefined ? {} : { timeoutMs }) }
    const { sharedWorkers } = this.tabs
    this.stream.add('harness', 'info', formatTmpLine('harness', 'capture:shared-worker-released', { reason: 'reload' }))
    await sharedWorkers?.release()
    try {
      await this.open(options)
    } finally {
      await sharedWorkers?.resume()
    }
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
    await step(`open the priority menu of issue ${issueId} in tab ${this.tab}`, async () => {
      await row.getByRole('button', { name: 'Select priority' }).click()
      await option('Urgent').waitFor()
    })
    return {
      pick: (priority) =>
        step(`pick priority ${priority} for issue ${issueId} in tab ${this.tab}`, async () => {
          // The change's clock starts as the click starts: its console lines can arrive before the click returns.
          const changedAt = Date.now() - this.stream.startedAt
          await option(priority).click()
          return priorityChange(issueId, priority, changedAt)
        }),
    }
  }
}
