import { capturePageConsole, captureSharedWorkers } from '../capture/console-capture.ts'
import { LogStream } from '../capture/log-stream.ts'
import { attachLogs } from '../report/artifacts.ts'
import { test as base } from './servers.ts'

/**
 * Every test: all consoles (page, leader worker, SharedWorker, backend) into one stream from
 * before the page opens, written out and attached when the test ends.
 */
export const test = base.extend<{ logs: LogStream }>({
  logs: [
    async ({ page, browser, backend, target }, use, testInfo) => {
      testInfo.annotations.push({ type: 'livestore', description: target.label })
      const stream = new LogStream()
      capturePageConsole(page, stream)
      const stopSharedWorkers = await captureSharedWorkers(browser, stream)
      const stopBackend = backend.onLine((text, level) => stream.add('backend', level, text))
      await use(stream)
      stopBackend()
      await stopSharedWorkers()
      await attachLogs(testInfo, stream)
    },
    { auto: true },
  ],
})
