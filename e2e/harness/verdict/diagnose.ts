import { formatSeq, parseSeq, parseSeqRange, type SeqParts } from '../../../apps/contract/seq.ts'
import type { SyncSide, SyncSnapshot } from '../../../apps/contract/sync-snapshot.ts'
import type { StoredEvent } from '../backend/control-client.ts'
import type { CapturedLine, TmpCapturedLine } from '../capture/log-stream.ts'
import { stoppedAnsweringAfterHandoff } from './handoff.ts'
import { classifyStall, type StallFamily } from './stall-families.ts'

/** The user's change being followed: the event the UI commits, identified by name and arguments. */
export interface ChangeTarget {
  event: string
  args: Record<string, unknown>
  /** For messages: "issue 5 priority → High". */
  label: string
}

export interface TimedSnapshot {
  t: number
  snapshot: SyncSnapshot
}

/** Everything observed while following one change; `t` values are ms on the log stream's clock. */
export interface Evidence {
  target: ChangeTarget
  /** When the harness made the change. */
  changedAt: number
  lines: readonly TmpCapturedLine[]
  snapshots: readonly TimedSnapshot[]
  /** The matching event in the backend's store, and when it was first seen there. */
  backend?: { event: StoredEvent; t: number }
  /** The SharedWorker's own (non-`[TMP]`) console lines: the evidence of a hanging leader handoff. */
  sharedWorker?: readonly CapturedLine[]
}

export type StageId =
  | 'committed'
  | 'leader-received'
  | 'leader-advanced'
  | 'backend-received'
  | 'backend-stored'
  | 'leader-confirmed'
  | 'session-confirmed'
  | 'drained'
  /** Not in the round trip: after a leader tab closed, the remaining tab's store stopped answering. */
  | 'store-answering'

export interface StageResult {
  id: StageId
  /** When the stage was first evidenced (ms after the change); `undefined` when it was not. */
  atMs?: number
  observable: boolean
}

export interface Verdict {
  ok: boolean
  /** The first stage that never happened, or `drained` when everything did. */
  stage: StageId
  message: string
  /** The event's sequence number as last seen (`e54`, `e55r1`). */
  seq?: string
  /** The sequence number the session gave the event when it was committed (from the session's `local-push`). */
  committedSeq?: string
  stages: StageResult[]
  /** Set when `_dev.syncStates()` stopped answering: itself a sign of a stall. */
  probe?: string
  /** For a red verdict: which known stall family the tracepoints show, if any. */
  family?: StallFamily
}

const matchesArgs = (args: unknown, expected: Record<string, unknown>) =>
  typeof args === 'object' &&
  args !== null &&
  Object.entries(expected).every(([key, value]) => (args as Record<string, unknown>)[key] === value)

export const matchesTarget = (target: ChangeTarget, event: { name: string; args: unknown }) =>
  event.name === target.event && matchesArgs(event.args, target.args)

const answered = (evidence: Evidence) =>
  evidence.snapshots.flatMap(({ t, snapshot }) => (snapshot.answered ? [{ t, ...snapshot }] : []))

const pendingSeq = (side: SyncSide, target: ChangeTarget) =>
  side.pending.find((event) => matchesTarget(target, event))?.seq

/** The event's sequence number: the backend's once it holds it, else the latest the session showed. */
export const eventSeq = (evidence: Evidence): string | undefined => {
  if (evidence.backend !== undefined) return `e${evidence.backend.event.seqNum}`
  return answered(evidence)
    .map((snapshot) => pendingSeq(snapshot.session, evidence.target) ?? pendingSeq(snapshot.leader, evidence.target))
    .filter((seq) => seq !== undefined)
    .at(-1)
}

const globalOf = (seq: string | undefined) => (seq === undefined ? undefined : parseSeq(seq)?.global)

/** The sequence-number ranges a `[TMP]` line names (`seqs`, `first`..`last`, `seq`). */
export type SeqRange = [Required<SeqParts>, Required<SeqParts>]

/** The sequence-number ranges a `[TMP]` line names (`seqs`, `seq`, `first`..`last`). */
export const lineRanges = (line: TmpCapturedLine): SeqRange[] => {
  const { seqs, first, last, seq } = line.fields
  const texts = [seqs, seq, typeof first === 'string' && typeof last === 'string' ? `${first}..${last}` : undefined]
  return texts.flatMap((text) => {
    const range = typeof text === 'string' ? parseSeqRange(text) : undefined
    return range === undefined ? [] : [range]
  })
}

/** A `[TMP]` line's seqs cover a global sequence number (any client part, any generation). */
const coversGlobal = (line: TmpCapturedLine, global: number) =>
  lineRanges(line).some(([from, to]) => from.global <= global && global <= to.global)

const isCommitOf = (target: ChangeTarget) => (line: TmpCapturedLine) =>
  line.source === 'client' &&
  line.name === 'ui:commit' &&
  line.fields.event === target.event &&
  line.fields.issueId === target.args.id

/**
 * The session's `local-push` logged while the UI committed the change (the same synchronous call,
 * just before). A bulk commit is one batch: its `ui:commit` lines carry the event's index in it.
 */
const committedSeqOf = (evidence: Evidence): string | undefined => {
  const commit = evidence.lines.findIndex(isCommitOf(evidence.target))
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

const firstLine = (evidence: Evidence, source: string, name: string, predicate: (line: TmpCapturedLine) => boolean) =>
  evidence.lines.find(
    (line) => line.source === source && line.name === name && line.t >= evidence.changedAt && predicate(line),
  )?.t

const hasPoint = (evidence: Evidence, source: string, name: string) =>
  evidence.lines.some((line) => line.source === source && line.name === name)

/**
 * When a pull had brought the stored event back to one side: the event is no longer pending there
 * and that side's upstream head reached it. Only meaningful once the backend holds the event.
 */
const confirmedAt = (evidence: Evidence, side: 'session' | 'leader') => {
  const global = evidence.backend?.event.seqNum
  if (global === undefined) return undefined
  return answered(evidence).find(
    (snapshot) =>
      pendingSeq(snapshot[side], evidence.target) === undefined &&
      (globalOf(snapshot[side].upstreamHead) ?? 0) >= global,
  )?.t
}

interface StageDef {
  id: StageId
  /** Whether this run could see the stage at all (e.g. leader tracepoints are on). */
  observable: (evidence: Evidence) => boolean
  /** When the stage was first evidenced, in stream ms. */
  seenAt: (evidence: Evidence, global: number | undefined) => number | undefined
  /** What happened, for "<reached> but <missing>": `the leader received push e54`. */
  reached: (label: string, seq: string) => string
  /** What did not: `the leader never advanced it`. */
  missing: () => string
}

const always = () => true

const STAGES: readonly StageDef[] = [
  {
    id: 'committed',
    observable: always,
    seenAt: (evidence) =>
      firstLine(
        evidence,
        'client',
        'ui:commit',
        (line) => line.fields.event === evidence.target.event && line.fields.issueId === evidence.target.args.id,
      ),
    reached: (label) => `the UI committed ${label}`,
    missing: () => 'the UI never committed it (no [TMP][client] ui:commit)',
  },
  {
    id: 'leader-received',
    observable: (evidence) => hasPoint(evidence, 'leader', 'push:recv'),
    seenAt: (evidence, global) =>
      global === undefined
        ? undefined
        : firstLine(evidence, 'leader', 'push:recv', (line) => coversGlobal(line, global)),
    reached: (_label, seq) => `the leader received push ${seq}`,
    missing: () => 'the leader never received it',
  },
  {
    id: 'leader-advanced',
    observable: always,
    seenAt: (evidence, global) => {
      const byLine =
        global === undefined
          ? undefined
          : firstLine(evidence, 'leader', 'push:advance', (line) => coversGlobal(line, global))
      const bySnapshot = answered(evidence).find(
        (snapshot) =>
          pendingSeq(snapshot.leader, evidence.target) !== undefined ||
          (global !== undefined &&
            (globalOf(snapshot.leader.localHead) ?? 0) >= global &&
            snapshot.t >= evidence.changedAt),
      )?.t
      return [byLine, bySnapshot].filter((t) => t !== undefined).sort((a, b) => a - b)[0]
    },
    reached: (_label, seq) => `the leader advanced ${seq}`,
    missing: () => 'the leader never advanced it',
  },
  {
    id: 'backend-received',
    observable: always,
    seenAt: (evidence, global) =>
      global === undefined
        ? undefined
        : firstLine(evidence, 'backend', 'push:recv', (line) => coversGlobal(line, global)),
    reached: (_label, seq) => `the backend received push ${seq}`,
    missing: () => 'it never reached the backend',
  },
  {
    id: 'backend-stored',
    observable: always,
    seenAt: (evidence) => evidence.backend?.t,
    reached: (_label, seq) => `the backend holds ${seq}`,
    missing: () => 'the backend never stored or acknowledged it',
  },
  {
    id: 'leader-confirmed',
    observable: always,
    seenAt: (evidence) => confirmedAt(evidence, 'leader'),
    reached: (_label, seq) => `a pull brought ${seq} back to the leader`,
    missing: () => 'no pull brought it back to the leader',
  },
  {
    id: 'session-confirmed',
    observable: always,
    seenAt: (evidence) => confirmedAt(evidence, 'session'),
    reached: (_label, seq) => `a pull carrying ${seq} reached the client session`,
    missing: () => 'no pull carrying it reached the client session',
  },
  {
    id: 'drained',
    observable: always,
    seenAt: (evidence) => {
      const last = answered(evidence).at(-1)
      const confirmed = confirmedAt(evidence, 'session') !== undefined
      return confirmed && last !== undefined && last.session.pending.length === 0 && last.leader.pending.length === 0
        ? last.t
        : undefined
    },
    reached: () => 'pending drained',
    missing: () => 'pending did not drain',
  },
]

const pendingSummary = (evidence: Evidence) => {
  const last = answered(evidence).at(-1)
  return last === undefined
    ? 'no sync state was read'
    : `session pending ${last.session.pending.length}, leader pending ${last.leader.pending.length}`
}

const leaderPendingOf = (evidence: Evidence) => {
  const last = answered(evidence).at(-1)
  return last === undefined ? {} : { leaderPending: last.leader.pending.length }
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
  const family = classifyStall(evidence.lines, {
    ...(evidence.sharedWorker === undefined ? {} : { sharedWorker: evidence.sharedWorker }),
    ...leaderPendingOf(evidence),
  })
  const cause = family === undefined ? '' : ` — ${family.explanation}`
  const handoff = stoppedAnsweringAfterHandoff(evidence)
  if (handoff !== undefined) {
    const reached =
      reachedStage === undefined ? `${label}: ` : `${reachedStage.reached(label, seq ?? 'the event')} but `
    return {
      ok: false,
      stage: 'store-answering',
      message: `${reached}the follower's store stopped answering after the leader tab closed (${handoff.reason}; before: ${pendingSummary(evidence)})${cause}`,
      ...base,
      ...(family === undefined ? {} : { family }),
    }
  }
  return {
    ok: false,
    stage: failingDef.id,
    message: `${story} (${detail})${cause}`,
    ...base,
    ...(family === undefined ? {} : { family }),
  }
}
