import { parseSeq } from '../../../apps/contract/seq.ts'
import type { TmpCapturedLine } from '../capture/log-stream.ts'
import { lineRanges } from '../verdict/diagnose.ts'
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

/** How far before the change the story starts: the races the scenarios force happen just before it. */
const LOOKBACK_MS = 3000

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
 * The `[TMP]` lines that tell the story of the followed event, in order: its own lines first, then
 * the turning points around it, then whatever happened nearest the change, `limit` at most.
 * LiveStore's own span events (`leader-otel`) repeat the tracepoints and are left out.
 */
export const storyLines = (
  lines: readonly TmpCapturedLine[],
  verdict: VerdictRecord,
  limit = 40,
): TmpCapturedLine[] => {
  const changedAt = verdict.report?.change.changedAt ?? 0
  const candidates = lines.filter((line) => line.source !== 'leader-otel' && line.t >= changedAt - LOOKBACK_MS)
  const ranked = candidates
    .map((line, index) => ({ line, index, priority: priority(line, verdict) }))
    .sort((a, b) => b.priority - a.priority || Math.abs(a.line.t - changedAt) - Math.abs(b.line.t - changedAt))
  return ranked
    .slice(0, limit)
    .sort((a, b) => a.index - b.index)
    .map(({ line }) => line)
}
