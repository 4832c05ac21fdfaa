import type { TimelineModel } from './timeline-model.ts'

/** One event of Chrome's trace-event format (the JSON that Perfetto and chrome://tracing open). */
export interface TraceEvent {
  name: string
  ph: 'M' | 'i' | 'b' | 'e' | 'C'
  pid: number
  tid: number
  /** Microseconds. */
  ts: number
  cat?: string
  s?: 't' | 'p' | 'g'
  id?: string
  args?: Record<string, unknown>
}

const US = 1000
const LINES_TID = 1
const SPANS_TID = 2

/**
 * The timeline as a trace: each lane a process (`pid`), each `[TMP]` line an instant event,
 * pushes and pull pages as async spans (they overlap, which complete events may not), the
 * followed event's stages as global instants, and pending counts as counters.
 */
export const toTraceEvents = (model: TimelineModel): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms' } => {
  const pidOf = new Map(model.lanes.map((lane, index) => [lane, index + 1]))
  const pid = (lane: string) => pidOf.get(lane) ?? 0
  const meta: TraceEvent[] = model.lanes.flatMap((lane, index) => [
    { name: 'process_name', ph: 'M', pid: index + 1, tid: 0, ts: 0, args: { name: lane } },
    { name: 'process_sort_index', ph: 'M', pid: index + 1, tid: 0, ts: 0, args: { sort_index: index } },
    { name: 'thread_name', ph: 'M', pid: index + 1, tid: LINES_TID, ts: 0, args: { name: '[TMP] lines' } },
    { name: 'thread_name', ph: 'M', pid: index + 1, tid: SPANS_TID, ts: 0, args: { name: 'pushes and pulls' } },
  ])
  const instants: TraceEvent[] = model.marks.map((mark) => ({
    name: mark.name,
    ph: 'i',
    s: 't',
    pid: pid(mark.lane),
    tid: LINES_TID,
    ts: mark.t * US,
    cat: mark.followed ? 'followed' : 'tmp',
    args: mark.fields,
  }))
  const spans: TraceEvent[] = model.spans.flatMap((span, index) => {
    const common = { pid: pid(span.lane), tid: SPANS_TID, cat: span.kind, id: `span-${index}` }
    const name = span.open ? `${span.name} (never settled)` : span.name
    return [
      { ...common, name, ph: 'b', ts: span.start * US, args: { settledBy: span.settledBy ?? 'nothing' } },
      { ...common, name, ph: 'e', ts: span.end * US },
    ]
  })
  const stages: TraceEvent[] = model.stages.map((stage) => ({
    name: stage.reached ? `stage ${stage.id}` : `never: ${stage.id}`,
    ph: 'i',
    s: 'g',
    pid: pid(stage.lane),
    tid: LINES_TID,
    ts: stage.t * US,
    cat: 'stage',
  }))
  const harness = pid('harness')
  const counters: TraceEvent[] = model.samples.flatMap((sample) =>
    sample.session === undefined || sample.leader === undefined
      ? []
      : [
          {
            name: 'pending',
            ph: 'C',
            pid: harness,
            tid: 0,
            ts: sample.t * US,
            args: { session: sample.session.pending, leader: sample.leader.pending },
          },
        ],
  )
  return { traceEvents: [...meta, ...instants, ...spans, ...stages, ...counters], displayTimeUnit: 'ms' }
}
