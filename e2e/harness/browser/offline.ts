import type { BrowserContext, CDPSession } from '@playwright/test'
import { formatTmpLine } from '../../../apps/contract/tmp-line.ts'
import { step } from '../base/step.ts'
import type { LogStream } from '../capture/log-stream.ts'

/**
 * A device going offline and coming back. Two ways, because they differ in what they cut:
 * `setOffline` is Playwright's (network emulation of the context's pages and their dedicated
 * workers); `cdp-workers` sends the same emulation over a browser-level CDP session to every
 * worker target of the context, the SharedWorker included, which Playwright never attaches to.
 */
export type OfflineMethod = 'setOffline' | 'cdp-workers'

const CONDITIONS = { latency: 0, downloadThroughput: -1, uploadThroughput: -1 }

/** The CDP browser-context id of a Playwright context, read through one of its pages. */
const contextIdOf = async (context: BrowserContext): Promise<string> => {
  const [page] = context.pages()
  if (page === undefined) throw new Error('a device without an open page cannot go offline')
  const session = await context.newCDPSession(page)
  try {
    const { targetInfo } = (await session.send('Target.getTargetInfo')) as { targetInfo: { browserContextId: string } }
    return targetInfo.browserContextId
  } finally {
    await session.detach().catch(() => undefined)
  }
}

interface TargetInfo {
  targetId: string
  type: string
  browserContextId?: string
}

const emulateInWorkers = async (context: BrowserContext, offline: boolean): Promise<number> => {
  const browser = context.browser()
  if (browser === null) throw new Error('the context has no browser')
  const contextId = await contextIdOf(context)
  const cdp: CDPSession = await browser.newBrowserCDPSession()
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] }
    const workers = targetInfos.filter(
      (target) =>
        (target.type === 'worker' || target.type === 'shared_worker') && target.browserContextId === contextId,
    )
    for (const worker of workers) {
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })
      for (const [id, method, params] of [
        [1, 'Network.enable', {}],
        [2, 'Network.emulateNetworkConditions', { offline, ...CONDITIONS }],
      ] as const) {
        await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
      }
    }
    return workers.length
  } finally {
    await cdp.detach().catch(() => undefined)
  }
}

/** Takes a device (a browser context) offline or back online, logged as `[TMP][harness] fault:offline|online`. */
export const setDeviceOffline = (
  context: BrowserContext,
  offline: boolean,
  logs: LogStream,
  { method = 'setOffline', device = 1 }: { method?: OfflineMethod; device?: number } = {},
): Promise<void> =>
  step(`device ${device} goes ${offline ? 'offline' : 'online'} (${method})`, async () => {
    const startedAt = Date.now()
    let workers: number | undefined
    if (method === 'setOffline') await context.setOffline(offline)
    else workers = await emulateInWorkers(context, offline)
    logs.add(
      'harness',
      'info',
      formatTmpLine('harness', offline ? 'fault:offline' : 'fault:online', {
        device,
        method,
        ...(workers === undefined ? {} : { workers }),
        ms: Date.now() - startedAt,
      }),
    )
  })
