import { parseSeq } from '../../../apps/contract/seq.ts'
import type { TmpCapturedLine } from '../capture/log-stream.ts'
import { lineRanges } from '../verdict/stages.ts'
import type { VerdictRecord } from '../verdict/verdict-record.ts'

/** Points where a run turns: latches, drops, refusals, rebases, gates and faults. */
const TURNING_POINTS = new Set([
  'latch:closeLocalPushes',
  'latch:openLocalPushes',
  'dropOldGen',
  'push:refused',
  'push:reject',
  'push:err',
  'push->leader:err',
  'backend:push:err',
  'pull:rebase',
  'notify:rebase',
  'pull:merge:rebase',
  'gate:wait',
  'gate:open',
  'gate:timeout',
  'fault:hold-push',
  'fault:split-page',
])

/** How far before the change the story looks for turning points: the scenarios force their races just before it. */
const LOOKBACK_MS = 3000
/** How far before the change ordinary lines count, unless the story would be too short without older ones. */
const NEARBY_MS = 1000
const MIN_LINES = 20

/** The global sequence number of the followed event (`e54` of `e54r1`). */
export const followedGlobal = (verdict: VerdictRecord): number | undefined =>
  parseSeq(verdict.seq ?? verdict.committedSeq ?? '')?.global

/** The line is about the followed event: its commit, or a line whose seqs cover it. */
export const isFollowed = (line: TmpCapturedLine, verdict: VerdictRecord): boolean => {
  const global = followedGlobal(verdict)
  const changedAt = verdict.report?.change.changedAt ?? 0
  if (line.name === 'ui:commit') return Math.abs(line.t - changedAt) < 1000
  return (
    global !== undefined &&
    line.t >= changedAt - 50 &&
    lineRanges(line).some(([from, to]) => from.global <= global && global <= to.global)
  )
}

const priority = (line: TmpCapturedLine, verdict: VerdictRecord) => {
  if (isFollowed(line, verdict)) return 3
  if (TURNING_POINTS.has(line.name)) return 2
  return line.source === 'backend' && line.name.startsWith('harness:') ? 0 : 1
}

/**
 * The `[TMP]` lines that tell the story of the followed event, in order: its own lines, the turning
 * points of the seconds before it, and the ordinary lines nearest the change (older ones only to
 * reach 20), `limit` at most. LiveStore's own span events (`leader-otel`) repeat the tracepoints.
 */
export const storyLines = (
  lines: readonly TmpCapturedLine[],
  verdict: VerdictRecord,
  limit = 40,
): TmpCapturedLine[] => {
  const changedAt = verdict.report?.change.changedAt ?? 0
  const ranked = lines
    .map((line, index) => ({ line, index, priority: priority(line, verdict) }))
    .filter(({ line }) => line.source !== 'leader-otel' && line.t >= changedAt - LOOKBACK_MS)
    .sort((a, b) => b.priority - a.priority || Math.abs(a.line.t - changedAt) - Math.abs(b.line.t - changedAt))
  const told = ranked.filter(({ line, priority }) => priority >= 2 || line.t >= changedAt - NEARBY_MS)
  const older = ranked.filter((entry) => !told.includes(entry)).slice(0, Math.max(0, MIN_LINES - told.length))
  return [...told.slice(0, limit), ...older]
    .slice(0, limit)
    .sort((a, b) => a.index - b.index)
    .map(({ line }) => line)
}
