import type { TmpCapturedLine } from '../capture/log-stream.ts'
import type { VerdictRecord, VerdictStage } from '../verdict/verdict-record.ts'
import type { SyncSample } from './report-context.ts'
import { findSpans, type Span } from './spans.ts'
import { isFollowed } from './story-lines.ts'

/** One mark on a lane: a `[TMP]` line, or one of the harness's own actions. */
export interface Mark {
  t: number
  lane: string
  /** `leader pull:page`, `harness change`. */
  name: string
  fields: Record<string, unknown>
  followed: boolean
}

/** Where the followed event reached a stage (or, for the missing one, where it was expected). */
export interface StagePoint {
  id: VerdictStage
  t: number
  lane: string
  reached: boolean
}

export interface TimelineModel {
  lanes: string[]
  marks: Mark[]
  spans: Span[]
  stages: StagePoint[]
  samples: readonly SyncSample[]
  start: number
  end: number
}

export const HARNESS_LANE = 'harness'

// Lanes in the order a change travels; `page#2` sorts after `page`, unknown processes last.
const LANE_ORDER = [HARNESS_LANE, 'page', 'shared-worker', 'leader-worker', 'backend']

const laneKey = (lane: string): [number, number] => {
  const [base = lane, tab = '1'] = lane.split('#')
  const rank = LANE_ORDER.indexOf(base)
  return [rank === -1 ? LANE_ORDER.length : rank, Number(tab) || 0]
}

export const orderLanes = (lanes: Iterable<string>): string[] =>
  [...new Set(lanes)].sort((a, b) => {
    const [ra, ta] = laneKey(a)
    const [rb, tb] = laneKey(b)
    return ra - rb || ta - tb || a.localeCompare(b)
  })

/** The process each stage is evidenced in, on the tab that made the change. */
const STAGE_PROCESS: Record<VerdictStage, string> = {
  committed: 'page',
  'leader-received': 'leader-worker',
  'leader-advanced': 'leader-worker',
  'backend-received': 'backend',
  'backend-stored': 'backend',
  'leader-confirmed': 'leader-worker',
  'session-confirmed': 'page',
  drained: 'page',
  // Other clients' leaders: the harness's lane marks when the last of them had it.
  'peer-received': 'harness',
  'store-answering': 'page',
  'tab-started': 'page',
}

const stagePoints = (verdict: VerdictRecord, lanes: readonly string[], tab: string, end: number): StagePoint[] => {
  const changedAt = verdict.report?.change.changedAt ?? 0
  const laneFor = (id: VerdictStage) => {
    const base = STAGE_PROCESS[id]
    const own = base === 'backend' ? base : `${base}${tab}`
    return lanes.includes(own) ? own : base
  }
  const reached = verdict.stages.flatMap((stage) =>
    stage.atMs === undefined
      ? []
      : [{ id: stage.id, t: changedAt + stage.atMs, lane: laneFor(stage.id), reached: true }],
  )
  return verdict.ok
    ? reached
    : [...reached, { id: verdict.stage, t: end, lane: laneFor(verdict.stage), reached: false }]
}

/** Everything the timeline and the trace draw, from the captured lines and the verdict record. */
export const buildTimeline = (lines: readonly TmpCapturedLine[], verdict: VerdictRecord): TimelineModel => {
  const report = verdict.report
  const changedAt = report?.change.changedAt ?? 0
  const verdictAt = changedAt + verdict.timeToVerdictMs
  const harnessMarks: Mark[] = [
    {
      t: changedAt,
      lane: HARNESS_LANE,
      name: 'harness change',
      fields: { label: report?.change.label },
      followed: true,
    },
    {
      t: verdictAt,
      lane: HARNESS_LANE,
      name: `harness verdict: ${verdict.ok ? 'drained' : `stalled at ${verdict.stage}`}`,
      fields: { message: verdict.message },
      followed: false,
    },
  ]
  const lineMarks: Mark[] = lines.map((line) => ({
    t: line.t,
    lane: line.process,
    name: `${line.source} ${line.name}`,
    fields: line.fields,
    followed: isFollowed(line, verdict),
  }))
  const marks = [...lineMarks, ...harnessMarks].sort((a, b) => a.t - b.t)
  const samples = report?.samples ?? []
  const end = Math.max(verdictAt, marks.at(-1)?.t ?? 0, samples.at(-1)?.t ?? 0)
  const lanes = orderLanes(marks.map((mark) => mark.lane))
  const commit = lines.find((line) => line.name === 'ui:commit' && isFollowed(line, verdict))
  const tab = commit?.process.includes('#') ? `#${commit.process.split('#')[1]}` : ''
  return {
    lanes,
    marks,
    spans: findSpans(lines, end),
    stages: stagePoints(verdict, lanes, tab, verdictAt),
    samples,
    start: Math.min(0, marks[0]?.t ?? 0),
    end,
  }
}
