import { formatSeq, parseSeqRange } from '../../../apps/contract/seq.ts'
import type { ChangeTarget } from '../browser/change.ts'
import type { TmpCapturedLine } from '../capture/log-stream.ts'
import { ERROR_QUOTE_CHARS, failedStart } from '../capture/tab-lifecycle.ts'
import { stoppedAnsweringAfterHandoff } from './handoff.ts'
import { answered, type Evidence, eventSeq, globalOf, impliesEarlier, STAGES } from './stages.ts'
import { classifyStall } from './stall-families.ts'
import type { StageResult, Verdict, VerdictStage } from './verdict-record.ts'

const isCommitOf = (target: ChangeTarget) => (line: TmpCapturedLine) =>
  line.source === 'client' &&
  line.name === 'ui:commit' &&
  line.fields.event === target.event &&
  line.fields.issueId === target.args.id

/**
 * The session's `local-push` logged while the UI committed the change (the same synchronous call,
 * just before). A bulk commit is one batch: its `ui:commit` lines carry the event's index in it.
 * `commit` is the index of the change's `ui:commit` line, -1 when none was captured.
 */
const committedSeqOf = (evidence: Evidence, commit: number): string | undefined => {
  const localPush = evidence.lines
    .slice(0, Math.max(0, commit))
    .findLast((line) => line.source === 'client' && line.name === 'local-push')
  if (commit === -1 || typeof localPush?.fields.seqs !== 'string') return undefined
  const batchIndex = evidence.lines[commit]?.fields.batchIndex
  const range = parseSeqRange(localPush.fields.seqs)
  if (typeof batchIndex !== 'number' || range === undefined) return localPush.fields.seqs.split('..').at(-1)
  const [first] = range
  return formatSeq(
    first.client > 0
      ? { ...first, client: first.client + batchIndex }
      : { ...first, global: first.global + batchIndex },
  )
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
  const lastSeen = stages.findLastIndex((stage, index) => {
    const def = STAGES[index]
    return stage.atMs !== undefined && def !== undefined && impliesEarlier(def, evidence)
  })
  const failing = stages.findIndex((stage, index) => index > lastSeen && stage.observable && stage.atMs === undefined)
  const lastProbe = evidence.snapshots.at(-1)?.snapshot
  const probe = lastProbe !== undefined && !lastProbe.answered ? lastProbe.reason : undefined
  const commit = evidence.lines.findIndex(isCommitOf(evidence.target))
  const committedSeq = committedSeqOf(evidence, commit)
  const base = {
    ...(seq === undefined ? {} : { seq }),
    ...(committedSeq === undefined ? {} : { committedSeq }),
    stages,
    ...(probe === undefined ? {} : { probe }),
  }
  const failingDef = STAGES[failing]
  const { label } = evidence.target
  const started = failedStart(evidence.lines, evidence.consoles)
  if (failingDef === undefined && started === undefined) {
    return {
      ok: true,
      stage: 'drained',
      message: `${label}: ${seq ?? 'the event'} drained and came back through a pull`,
      ...base,
    }
  }
  const reachedStage = STAGES[lastSeen]
  const reached = reachedStage === undefined ? `${label}: ` : `${reachedStage.reached(label, seq ?? 'the event')} but `
  const last = answered(evidence).at(-1)
  // After a leader tab closed, a store that stops answering is the stall itself (family D's look).
  const handoff = stoppedAnsweringAfterHandoff(evidence)
  const [stage, missing, detail] = ((): [VerdictStage, string, string[]] => {
    if (started !== undefined)
      return [
        'tab-started',
        `${started.tab}'s store never started`,
        [`LiveStore: ${started.error.slice(0, ERROR_QUOTE_CHARS)}`, pendingSummary(evidence)],
      ]
    if (handoff !== undefined)
      return [
        'store-answering',
        "the follower's store stopped answering after the leader tab closed",
        [handoff.reason, `before: ${pendingSummary(evidence)}`],
      ]
    if (failingDef === undefined) throw new Error('a change that drained in every tab has no stage that failed')
    return [
      failingDef.id,
      failingDef.missing(evidence, global),
      [pendingSummary(evidence), probe].filter((part) => part !== undefined),
    ]
  })()
  const madeBy = evidence.lines[commit]?.process
  const context = {
    ...(evidence.consoles === undefined ? {} : { consoles: evidence.consoles }),
    ...(last === undefined ? {} : { leaderPending: last.leader.pending.length }),
  }
  const stop = {
    stage,
    ...(madeBy === undefined ? {} : { madeBy }),
    ...(evidence.peers === undefined ? {} : { peers: evidence.peers }),
    ...(seq === undefined ? {} : { seq }),
  }
  const family = classifyStall(evidence.lines, { ...context, stop })
  // A mechanism the lines show that cannot stop a change here is told, not named: it is a lead, not the cause.
  const seen = family === undefined ? classifyStall(evidence.lines, context) : undefined
  const cause =
    family !== undefined
      ? ` — ${family.explanation}`
      : seen !== undefined
        ? ` — unclassified: the lines show family ${seen.id}'s mechanism, which does not stop a change at ${stage} (${seen.explanation})`
        : ''
  return {
    ok: false,
    stage,
    message: `${reached}${missing} (${detail.join('; ')})${cause}`,
    ...base,
    ...(family === undefined ? {} : { family }),
  }
}
