import type { Browser, Page } from '@playwright/test'
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
 * Returns the function that stops the capture.
 */
export const captureSharedWorkers = async (browser: Browser, stream: LogStream): Promise<() => Promise<void>> => {
  const cdp = await browser.newBrowserCDPSession()
  const sessions = new Set<string>()
  cdp.on('Target.targetCreated', ({ targetInfo }) => {
    if (targetInfo.type !== 'shared_worker') return
    cdp
      .send('Target.attachToTarget', { targetId: targetInfo.targetId, flatten: false })
      .then(({ sessionId }) => {
        sessions.add(sessionId)
        return cdp.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id: 1, method: 'Runtime.enable' }),
        })
      })
      .catch((error: unknown) => stream.add('harness', 'warning', `shared worker capture failed: ${String(error)}`))
  })
  cdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
    if (sessionId === undefined || !sessions.has(sessionId)) return
    const event = JSON.parse(message) as CdpConsoleEvent
    if (event.method !== 'Runtime.consoleAPICalled' || event.params === undefined) return
    stream.add('shared-worker', event.params.type, formatConsoleArgs(event.params.args))
  })
  await cdp.send('Target.setDiscoverTargets', { discover: true })
  return async () => {
    await cdp.detach().catch(() => undefined)
  }
}
