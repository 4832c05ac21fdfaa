import type { Browser, CDPSession, Page } from '@playwright/test'
import { type ConsoleArg, formatConsoleArgs, stripConsoleStyling } from './console-format.ts'
import type { LogStream } from './log-stream.ts'

/**
 * The page's and its dedicated (leader) worker's console. Attach before `page.goto`, or the
 * first lines are lost. Tabs after the first are labelled by number: `page#2`, `leader-worker#2`.
 */
export const capturePageConsole = (page: Page, stream: LogStream, tab = 1): void => {
  const suffix = tab === 1 ? '' : (`#${tab}` as const)
  page.on('console', (message) => {
    stream.add(
      message.worker() === null ? `page${suffix}` : `leader-worker${suffix}`,
      message.type(),
      stripConsoleStyling(message.text()),
    )
  })
  page.on('pageerror', (error) => stream.add(`page${suffix}`, 'error', `pageerror: ${error.message}`))
}

interface CdpConsoleEvent {
  method?: string
  params?: { type: string; args: ConsoleArg[] }
}

/**
 * SharedWorker consoles never reach Playwright's events (it detaches from shared workers), so a
 * browser-level CDP session attaches to each shared worker target and reads its console.
 *
 * An attached session keeps a shared worker alive after its last tab is gone: a reloaded only tab
 * would then reconnect to the old worker, whose leader went with the old page, and never boot
 * (seen on 0.4.0 and 0.4.0-dev.22; without the session it boots in about 2 s). `release` detaches
 * before such a navigation; `resume` attaches to the shared workers there are after it.
 */
export class SharedWorkerCapture {
  /** Session id → target id of the shared workers attached to. */
  private readonly sessions = new Map<string, string>()
  /** Targets attached to or being attached to: each once. */
  private readonly targets = new Set<string>()

  private constructor(
    private readonly cdp: CDPSession,
    private readonly stream: LogStream,
  ) {}

  static async start(browser: Browser, stream: LogStream): Promise<SharedWorkerCapture> {
    const capture = new SharedWorkerCapture(await browser.newBrowserCDPSession(), stream)
    capture.cdp.on('Target.targetCreated', ({ targetInfo }) => capture.attach(targetInfo))
    capture.cdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
      if (sessionId === undefined || !capture.sessions.has(sessionId)) return
      const event = JSON.parse(message) as CdpConsoleEvent
      if (event.method !== 'Runtime.consoleAPICalled' || event.params === undefined) return
      stream.add('shared-worker', event.params.type, formatConsoleArgs(event.params.args))
    })
    await capture.cdp.send('Target.setDiscoverTargets', { discover: true })
    return capture
  }

  private attach({ type, targetId }: { type: string; targetId: string }): void {
    if (type !== 'shared_worker' || this.targets.has(targetId)) return
    this.targets.add(targetId)
    this.cdp
      .send('Target.attachToTarget', { targetId, flatten: false })
      .then(({ sessionId }) => {
        this.sessions.set(sessionId, targetId)
        return this.cdp.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id: 1, method: 'Runtime.enable' }),
        })
      })
      .catch((error: unknown) =>
        this.stream.add('harness', 'warning', `shared worker capture failed: ${String(error)}`),
      )
  }

  /** Lets the shared workers go when their last tab does; their lines stop until `resume`. */
  async release(): Promise<void> {
    const sessions = [...this.sessions.keys()]
    this.sessions.clear()
    this.targets.clear()
    await Promise.all(
      sessions.map((sessionId) => this.cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined)),
    )
  }

  /** Attaches again to every shared worker now running (a new one is attached as it starts anyway). */
  async resume(): Promise<void> {
    const { targetInfos } = await this.cdp.send('Target.getTargets')
    for (const target of targetInfos) this.attach(target)
  }

  async stop(): Promise<void> {
    await this.cdp.detach().catch(() => undefined)
  }
}
