import { capturePageConsole, SharedWorkerCapture } from '../capture/console-capture.ts'
import { LogStream } from '../capture/log-stream.ts'
import { attachLogs } from '../report/artifacts.ts'
import { test as base } from './servers.ts'

interface CaptureTestScope {
  /** Every console (page, leader worker, SharedWorker, backend) in one stream, from before the page opens. */
  logs: LogStream
  /** The SharedWorkers' consoles, read through CDP (the app releases it around a reload). */
  sharedWorkers: SharedWorkerCapture
}

/** Every test: all consoles into one stream, written out and attached when the test ends. */
export const test = base.extend<CaptureTestScope>({
  logs: [
    async ({ page, backend }, use, testInfo) => {
      const stream = new LogStream()
      capturePageConsole(page, stream)
      const stopBackend = backend.onLine((text, level) => stream.add('backend', level, text))
      await use(stream)
      stopBackend()
      await attachLogs(testInfo, stream)
    },
    { auto: true },
  ],

  sharedWorkers: [
    async ({ browser, logs }, use) => {
      const capture = await SharedWorkerCapture.start(browser, logs)
      await use(capture)
      await capture.stop()
    },
    { auto: true },
  ],
})
