import type { ChangeTarget } from '../browser/change.ts'
import type { TmpCapturedLine } from '../capture/log-stream.ts'
import { answered, type Evidence, eventSeq, globalOf, STAGES } from './stages.ts'
import { classifyStall } from './stall-families.ts'
import type { StageResult, Verdict } from './verdict-record.ts'

const isCommitOf = (target: ChangeTarget) => (line: TmpCapturedLine) =>
  line.source === 'client' &&
  line.name === 'ui:commit' &&
  line.fields.event === target.event &&
  line.fields.issueId === target.args.id

/** The session's `local-push` logged while the UI committed the change (the same synchronous call, just before). */
const committedSeqOf = (evidence: Evidence): string | undefined => {
  const commit = evidence.lines.findIndex(isCommitOf(evidence.target))
  const localPush = evidence.lines
    .slice(0, Math.max(0, commit))
    .findLast((line) => line.source === 'client' && line.name === 'local-push')
  return commit === -1 || typeof localPush?.fields.seqs !== 'string'
    ? undefined
    : localPush.fields.seqs.split('..').at(-1)
}

const pendingSummary = (evidence: Evidence) => {
  const last = answered(evidence).at(-1)
  return last === undefined
    ? 'no sync state was read'
    : `session pending ${last.session.pending.length}, leader pending ${last.leader.pending.length}`
}

/**
 * Follows the change through the stages of its round trip and names the first one that never
 * happened. A later stage's evidence implies the earlier ones; a stage this run cannot observe
 * (no tracepoint for it) is never blamed.
 */
export const diagnose = (evidence: Evidence): Verdict => {
  const seq = eventSeq(evidence)
  const global = globalOf(seq)
  const stages: StageResult[] = STAGES.map((stage) => {
    const seenAt = stage.seenAt(evidence, global)
    return {
      id: stage.id,
      observable: stage.observable(evidence),
      ...(seenAt === undefined ? {} : { atMs: Math.max(0, seenAt - evidence.changedAt) }),
    }
  })
  const lastSeen = stages.findLastIndex((stage) => stage.atMs !== undefined)
  const failing = stages.findIndex((stage, index) => index > lastSeen && stage.observable)
  const lastProbe = evidence.snapshots.at(-1)?.snapshot
  const probe = lastProbe !== undefined && !lastProbe.answered ? lastProbe.reason : undefined
  const committedSeq = committedSeqOf(evidence)
  const base = {
    ...(seq === undefined ? {} : { seq }),
    ...(committedSeq === undefined ? {} : { committedSeq }),
    stages,
    ...(probe === undefined ? {} : { probe }),
  }
  const failingDef = STAGES[failing]
  const { label } = evidence.target
  if (failingDef === undefined) {
    return {
      ok: true,
      stage: 'drained',
      message: `${label}: ${seq ?? 'the event'} drained and came back through a pull`,
      ...base,
    }
  }
  const reachedStage = STAGES[lastSeen]
  const story =
    reachedStage === undefined
      ? `${label}: ${failingDef.missing()}`
      : `${reachedStage.reached(label, seq ?? 'the event')} but ${failingDef.missing()}`
  const detail = [pendingSummary(evidence), probe].filter((part) => part !== undefined).join('; ')
  const family = classifyStall(evidence.lines)
  const cause = family === undefined ? '' : ` — ${family.explanation}`
  return {
    ok: false,
    stage: failingDef.id,
    message: `${story} (${detail})${cause}`,
    ...base,
    ...(family === undefined ? {} : { family }),
  }
}
