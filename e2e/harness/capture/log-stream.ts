import { formatTmpLine, parseTmpLine, type TmpFields } from '../../../apps/contract/tmp-line.ts'
import { sleep } from '../base/bounded.ts'
import { step } from '../base/step.ts'

/**
 * Where a line was captured: the page, its dedicated leader worker, the SharedWorker, workerd, or
 * the harness. Tabs after a test's first carry their number: `page#2`, `leader-worker#2`.
 */
export type LogProcess =
  | 'page'
  | 'leader-worker'
  | `page#${number}`
  | `leader-worker#${number}`
  | 'shared-worker'
  | 'backend'
  | 'replica'
  | 'harness'

/** The sources a replica's LiveStore prints under, in the worker's output: its session's and its leader's. */
const REPLICA_LINE = /^\[TMP\]\[(client|leader|leader-otel)\]/

/** Which process a line of the worker's output is from: a replica (a store inside a Durable Object), or the backend. */
export const workerProcess = (text: string): LogProcess => (REPLICA_LINE.test(text) ? 'replica' : 'backend')

/** The page of a test's tab n (`page`, `page#2`): where its session's `[TMP][client]` lines come from. */
export const page = (tab: number): LogProcess => (tab === 1 ? 'page' : `page#${tab}`)

/** The leader worker of a test's tab n (`leader-worker`, `leader-worker#2`): where its `[TMP][leader]` lines come from. */
export const leaderWorker = (tab: number): LogProcess => (tab === 1 ? 'leader-worker' : `leader-worker#${tab}`)

/** The one default bound of a barrier: a line the scenario forces comes well within it. */
export const BARRIER_MS = 10_000

/** LiveStore's workers: the SharedWorker and every tab's leader worker. */
const isWorkerProcess = (process: LogProcess): boolean =>
  process === 'shared-worker' || process.startsWith('leader-worker')

export interface CapturedLine {
  /** Milliseconds since the capture started (receipt time in the harness). */
  t: number
  /** Wall-clock receipt time. */
  at: string
  process: LogProcess
  level: string
  /** For `[TMP]` lines: the source tag (`client`, `leader`, `backend`, …), the point's name and fields. */
  source?: string
  name?: string
  fields?: TmpFields
  text: string
}

export type TmpCapturedLine = CapturedLine & { source: string; name: string; fields: TmpFields }

export const isTmp = (line: CapturedLine): line is TmpCapturedLine => line.name !== undefined

/** LiveStore's own console lines, not `[TMP]`: its workers' lines, and the errors a page printed. */
export const isLivestoreConsole = (line: CapturedLine): boolean =>
  !isTmp(line) && (isWorkerProcess(line.process) || (line.process.startsWith('page') && line.level === 'error'))

export type LinePredicate = ((line: CapturedLine) => boolean) & {
  /** The tracepoint whose lines it waits for, when it waits for one: a build may lack it. */
  point?: { source: string; name: string }
}

/** Lines of one tracepoint (`[TMP][leader] pull:page`) captured at or after `since` (stream ms). */
export const tmpPoint = (source: string, name: string, since = 0): LinePredicate =>
  Object.assign((line: CapturedLine) => line.t >= since && line.source === source && line.name === name, {
    point: { source, name },
  })

/**
 * What this build of LiveStore lacks: tracepoints that found no place (by `<source> <name>`), and
 * the gates that sat in them, each with why; and how a test ends when it needs one of them.
 */
export interface MissingPoints {
  points: ReadonlyMap<string, string>
  gates: ReadonlyMap<string, string>
  /** Ends the test as not applicable on this build (it never waits out a bound for a line that cannot come). */
  notApplicable: (reason: string) => never
}

export class BarrierTimeoutError extends Error {}

/** A line from the system under test: not the harness's own, nor the backend's log of a harness read. */
const isActivity = (line: CapturedLine): boolean => line.process !== 'harness' && line.name !== 'harness:read'

/** Between two reads of a store that is moving, and of one that logs nothing (`nextActivity`). */
const READ_GAP_MS = 100
const IDLE_READ_MS = 1000

/** One ordered stream of every line captured for a test, from every process. */
export class LogStream {
  readonly lines: CapturedLine[] = []
  readonly startedAt: number
  /** The recoveries awaited that did not come in time (`waitForRecovery`): the verdict names them. */
  readonly missedRecoveries: { description: string; predicate: LinePredicate }[] = []
  private readonly waiters = new Set<(line: CapturedLine) => void>()

  constructor(
    startedAt = Date.now(),
    private readonly missing?: MissingPoints,
  ) {
    this.startedAt = startedAt
  }

  /** A test about to arm a gate this build does not have is not applicable here. */
  requireGate(name: string): void {
    const reason = this.missing?.gates.get(name)
    if (reason !== undefined) this.missing?.notApplicable(`gate ${name} is not in this build: ${reason}`)
  }

  add(process: LogProcess, level: string, text: string, receivedAt = Date.now()): CapturedLine {
    const tmp = parseTmpLine(text)
    const line: CapturedLine = {
      t: receivedAt - this.startedAt,
      at: new Date(receivedAt).toISOString(),
      process,
      level,
      ...(tmp === undefined ? {} : { source: tmp.source, name: tmp.name, fields: tmp.fields }),
      text,
    }
    this.lines.push(line)
    for (const waiter of this.waiters) waiter(line)
    return line
  }

  /**
   * A barrier: resolves with the first line (already captured or still to come) that matches,
   * or fails after `timeoutMs` naming what it waited for. Scenarios use it instead of sleeps.
   */
  waitFor(description: string, predicate: LinePredicate, timeoutMs: number): Promise<CapturedLine> {
    const { point } = predicate
    const reason = point === undefined ? undefined : this.missing?.points.get(`${point.source} ${point.name}`)
    if (point !== undefined && reason !== undefined) {
      this.missing?.notApplicable(`the barrier "${description}" needs tracepoint ${point.name}: ${reason}`)
    }
    return step(`barrier: ${description}`, () => this.firstMatch(description, predicate, timeoutMs))
  }

  /**
   * A barrier on the system's own recovery (a reconnect after a restart or a dropped socket). One
   * that does not come within `timeoutMs` is evidence, not a harness error: the miss is logged as a
   * harness line, and the verdict names it (see test/verdict.ts). Resolves whether it came.
   */
  async waitForRecovery(description: string, predicate: LinePredicate, timeoutMs: number): Promise<boolean> {
    try {
      await this.waitFor(description, predicate, timeoutMs)
      return true
    } catch (error) {
      if (!(error instanceof BarrierTimeoutError)) throw error
      this.missedRecoveries.push({ description, predicate })
      this.add('harness', 'info', formatTmpLine('harness', 'barrier:missed', { barrier: description, timeoutMs }))
      return false
    }
  }

  private async firstMatch(description: string, predicate: LinePredicate, timeoutMs: number): Promise<CapturedLine> {
    const line = this.lines.find(predicate) ?? (await this.nextMatch(predicate, timeoutMs))
    if (line === undefined) throw new BarrierTimeoutError(`barrier not reached within ${timeoutMs} ms: ${description}`)
    return line
  }

  /** The next line to come that matches, or `undefined` after `timeoutMs`. */
  private nextMatch(predicate: LinePredicate, timeoutMs: number): Promise<CapturedLine | undefined> {
    return new Promise((resolve) => {
      const waiter = (line: CapturedLine) => {
        if (!predicate(line)) return
        clearTimeout(timer)
        this.waiters.delete(waiter)
        resolve(line)
      }
      const timer = setTimeout(() => {
        this.waiters.delete(waiter)
        resolve(undefined)
      }, timeoutMs)
      this.waiters.add(waiter)
    })
  }

  /**
   * Paces a loop that re-reads the sync state (each read costs the page, the SharedWorker and the
   * leader some 45 ms of CPU): resolves a moment after the system under test logged a line (those
   * after the first `seen` count), or a second after the last read when it logged none, and by
   * `deadline` in any case. A store that moves is read as often as before (every 100 ms); a
   * stalled one once a second instead of ten times.
   */
  async nextActivity(seen: number, deadline: number): Promise<void> {
    const left = () => Math.max(0, deadline - Date.now())
    const moved =
      this.lines.slice(seen).some(isActivity) ||
      (await this.nextMatch(isActivity, Math.min(IDLE_READ_MS, left()))) !== undefined
    if (moved) await sleep(Math.min(READ_GAP_MS, left()))
  }

  tmpLines(): TmpCapturedLine[] {
    return this.lines.filter(isTmp)
  }
}
