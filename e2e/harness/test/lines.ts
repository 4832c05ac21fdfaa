import { type CapturedLine, type LinePredicate, type LogProcess, tmpPoint } from '../capture/log-stream.ts'
import { tmpPointCovering } from '../verdict/stages.ts'

/** What narrows a tracepoint's lines; each part is optional. */
interface LineFilter {
  /** At or after this moment of the log stream's clock (the `now` fixture). */
  since?: number
  /** Captured in this process: `page(2)`, `leaderWorker(1)`. */
  process?: LogProcess
  /** Whose sequence numbers cover e<global> (any client part, any rebase generation). */
  covering?: number
  /** With these fields, as logged. */
  fields?: Record<string, unknown>
}

const linesOf =
  (source: string) =>
  (names: string | readonly string[], { since, process, covering, fields = {} }: LineFilter = {}): LinePredicate => {
    const points = (typeof names === 'string' ? [names] : names).map((name) =>
      covering === undefined ? tmpPoint(source, name, since) : tmpPointCovering(source, name, covering, since),
    )
    const matches = (line: CapturedLine) =>
      points.some((point) => point(line)) &&
      (process === undefined || line.process === process) &&
      Object.entries(fields).every(([key, value]) => line.fields?.[key] === value)
    // One tracepoint: a build that lacks it makes the barrier not applicable rather than wait out its bound.
    const [only] = points
    return points.length === 1 && only !== undefined ? Object.assign(matches, { point: only.point }) : matches
  }

/**
 * The `[TMP]` lines a barrier waits for, by the source tag they carry: `tmpLine.leader('pull:page',
 * { since })` is every `[TMP][leader] pull:page` line from that moment on. `client` is a session's
 * (the app's page), `leader` a leader worker's, `backend` the Durable Object's. A list of names
 * matches any of them: one outcome of several, or a point named differently across versions.
 */
export const tmpLine = {
  client: linesOf('client'),
  leader: linesOf('leader'),
  backend: linesOf('backend'),
}
