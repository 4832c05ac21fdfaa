import { capturePageConsole, SharedWorkerCapture } from '../capture/console-capture.ts'
import { LogStream, type MissingPoints, workerProcess } from '../capture/log-stream.ts'
import { gatesOf, hasTracepointTable } from '../livestore/tracepoints/instrument.ts'
import { attachLogs } from '../report/artifacts.ts'
import type { LivestoreUnderTest } from '../verdict/verdict-record.ts'
import { test as base } from './servers.ts'

interface CaptureTestScope {
  /** Every console (page, leader worker, SharedWorker, backend) in one stream, from before the page opens. */
  logs: LogStream
  /** The SharedWorkers' consoles, read through CDP (the app releases it around a reload). */
  sharedWorkers: SharedWorkerCapture
}

/** What the stream needs to know of points this build lacks (see `MissingPoints`). */
const missingPoints = (
  { version, unplacedTracepoints = [] }: LivestoreUnderTest,
  notApplicable: (reason: string) => never,
): MissingPoints => {
  const why = new Map(unplacedTracepoints.map(({ point, file, reason }) => [point, `${file}: ${reason}`]))
  const source = (file: string) => (file === 'leader' ? 'leader' : 'client')
  return {
    points: new Map(
      unplacedTracepoints.map(({ point, file }) => [`${source(file)} ${point.split('/')[0]}`, why.get(point) ?? '']),
    ),
    gates: new Map(
      (hasTracepointTable(version) ? gatesOf(version) : []).flatMap(({ gate, point }) => {
        const reason = why.get(point)
        return reason === undefined ? [] : [[gate, `its tracepoint ${point} was not placed (${reason})`] as const]
      }),
    ),
    notApplicable,
  }
}

/** Every test: all consoles into one stream, written out and attached when the test ends. */
export const test = base.extend<CaptureTestScope>({
  logs: [
    async ({ page, backend, livestoreUnderTest }, use, testInfo) => {
      const stream = new LogStream(
        Date.now(),
        missingPoints(livestoreUnderTest, (reason) => {
          testInfo.skip(true, reason)
          throw new Error(reason)
        }),
      )
      capturePageConsole(page, stream)
      const stopBackend = backend.onLine((text, level) => stream.add(workerProcess(text), level, text))
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
