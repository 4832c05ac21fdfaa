import { compareSeq, parseSeq, parseSeqRange, type SeqParts } from '../../../apps/contract/seq.ts'
import type { SyncSide, SyncSnapshot } from '../../../apps/contract/sync-snapshot.ts'
import type { StoredEvent } from '../backend/control-client.ts'
import type { ChangeTarget, PeerClient } from '../browser/change.ts'
import { type CapturedLine, isTmp, type LinePredicate, type TmpCapturedLine, tmpPoint } from '../capture/log-stream.ts'
import { STAGE_IDS, type StageId } from './verdict-record.ts'

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
  /** LiveStore's own console lines (not `[TMP]`): a hanging handoff, a leader that fails to boot, a tab that fails to start. */
  consoles?: readonly CapturedLine[]
  /** The store's other clients: a pull must bring the change to each of them too. */
  peers?: readonly PeerClient[]
}

const matchesArgs = (args: unknown, expected: Record<string, unknown>) =>
  typeof args === 'object' &&
  args !== null &&
  Object.entries(expected).every(([key, value]) => (args as Record<string, unknown>)[key] === value)

export const matchesTarget = (target: ChangeTarget, event: { name: string; args: unknown }) =>
  event.name === target.event && matchesArgs(event.args, target.args)

export const answered = (evidence: Evidence) =>
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

export const globalOf = (seq: string | undefined) => (seq === undefined ? undefined : parseSeq(seq)?.global)

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
export const coversGlobal = (line: TmpCapturedLine, global: number) =>
  lineRanges(line).some(([from, to]) => from.global <= global && global <= to.global)

/** A `[TMP]` line's seqs cover one sequence number, its client part and generation included. */
export const coversSeq = (line: TmpCapturedLine, seq: Required<SeqParts>) =>
  lineRanges(line).some(([from, to]) => compareSeq(from, seq) <= 0 && compareSeq(seq, to) <= 0)

/** A barrier on one event's way: lines of a tracepoint, at or after `since`, whose seqs cover e<global>. */
export const tmpPointCovering = (source: string, name: string, global: number, since = 0): LinePredicate => {
  const ofPoint = tmpPoint(source, name, since)
  return Object.assign((line: CapturedLine) => ofPoint(line) && isTmp(line) && coversGlobal(line, global), {
    point: ofPoint.point,
  })
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

export interface StageDef {
  id: StageId
  /** Whether this run could see the stage at all (e.g. leader tracepoints are on). */
  observable: (evidence: Evidence) => boolean
  /** When the stage was first evidenced, in stream ms. */
  seenAt: (evidence: Evidence, global: number | undefined) => number | undefined
  /** What happened, for "<reached> but <missing>": `the leader received push e54`. */
  reached: (label: string, seq: string) => string
  /** What did not: `the leader never advanced it`. */
  missing: (evidence: Evidence, global: number | undefined) => string
  /**
   * Whether seeing it implies every stage before it (the change's own round trip does); another
   * client's pull does not: it is blamed only once the round trip is complete.
   */
  impliesEarlier: boolean | ((evidence: Evidence) => boolean)
}

/** Whether a stage seen implies the ones before it, in this run. */
export const impliesEarlier = (stage: StageDef, evidence: Evidence): boolean =>
  typeof stage.impliesEarlier === 'function' ? stage.impliesEarlier(evidence) : stage.impliesEarlier

const always = () => true

/** A head at or past an event, client part included (`e53+2` is past `e53+1`; `e53` is not). */
const headReached = (head: string, event: Required<SeqParts>) => {
  const parsed = parseSeq(head)
  return (
    parsed !== undefined &&
    (parsed.global > event.global || (parsed.global === event.global && parsed.client >= event.client))
  )
}

/** Client-only events (client documents) never go to the backend: its stages do not apply to them. */
const synced = (evidence: Evidence) => evidence.target.clientOnly !== true

/** When the session stopped holding the event as pending: for a client-only event, its confirmation. */
const settledInSession = (evidence: Evidence) =>
  answered(evidence).find(
    (snapshot) => snapshot.t >= evidence.changedAt && pendingSeq(snapshot.session, evidence.target) === undefined,
  )?.t

const sessionConfirmedAt = (evidence: Evidence) =>
  synced(evidence) ? confirmedAt(evidence, 'session') : settledInSession(evidence)

/** When a pull page of each peer's leader carried the event (undefined until every peer had one). */
const peerPulls = (evidence: Evidence, global: number | undefined) =>
  (evidence.peers ?? []).map((peer) => ({
    peer,
    t:
      global === undefined
        ? undefined
        : evidence.lines.find(
            (line) =>
              peer.leaders.includes(line.process) &&
              line.source === 'leader' &&
              line.name === 'pull:page' &&
              line.t >= evidence.changedAt &&
              coversGlobal(line, global),
          )?.t,
  }))

const peerNames = (peers: readonly { peer: PeerClient }[]) =>
  `client${peers.length > 1 ? 's' : ''} ${peers.map(({ peer }) => peer.name).join(', ')}`

const STAGE_DEFS: readonly StageDef[] = [
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
    impliesEarlier: true,
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
    impliesEarlier: true,
  },
  {
    id: 'leader-advanced',
    observable: always,
    seenAt: (evidence, global) => {
      const byLine =
        global === undefined
          ? undefined
          : firstLine(evidence, 'leader', 'push:advance', (line) => coversGlobal(line, global))
      const event = parseSeq(eventSeq(evidence) ?? '')
      const bySnapshot = answered(evidence).find(
        (snapshot) =>
          pendingSeq(snapshot.leader, evidence.target) !== undefined ||
          (event !== undefined && headReached(snapshot.leader.localHead, event) && snapshot.t >= evidence.changedAt),
      )?.t
      return [byLine, bySnapshot].filter((t) => t !== undefined).sort((a, b) => a - b)[0]
    },
    reached: (_label, seq) => `the leader advanced ${seq}`,
    missing: () => 'the leader never advanced it',
    impliesEarlier: true,
  },
  {
    id: 'backend-received',
    observable: synced,
    seenAt: (evidence, global) =>
      global === undefined
        ? undefined
        : firstLine(evidence, 'backend', 'push:recv', (line) => coversGlobal(line, global)),
    reached: (_label, seq) => `the backend received push ${seq}`,
    missing: () => 'it never reached the backend',
    impliesEarlier: true,
  },
  {
    id: 'backend-stored',
    observable: synced,
    seenAt: (evidence) => evidence.backend?.t,
    reached: (_label, seq) => `the backend holds ${seq}`,
    missing: () => 'the backend never stored or acknowledged it',
    impliesEarlier: true,
  },
  {
    id: 'leader-confirmed',
    observable: synced,
    seenAt: (evidence) => confirmedAt(evidence, 'leader'),
    reached: (_label, seq) => `a pull brought ${seq} back to the leader`,
    missing: () => 'no pull brought it back to the leader',
    impliesEarlier: true,
  },
  {
    id: 'session-confirmed',
    observable: always,
    seenAt: sessionConfirmedAt,
    reached: (_label, seq) => `a pull carrying ${seq} reached the client session`,
    missing: () => 'no pull carrying it reached the client session',
    // The session takes the leader's own advance as upstream: it confirms while the leader still
    // waits for the backend's pull. Then the leader's confirmation is not implied.
    impliesEarlier: (evidence) => {
      const last = answered(evidence).at(-1)
      return last === undefined || pendingSeq(last.leader, evidence.target) === undefined
    },
  },
  {
    id: 'drained',
    observable: always,
    seenAt: (evidence) => {
      const last = answered(evidence).at(-1)
      const confirmed = sessionConfirmedAt(evidence) !== undefined
      // The leader keeps client-only events pending until its next pull: only the session's count tells.
      const leaderDrained = !synced(evidence) || last?.leader.pending.length === 0
      return confirmed && last !== undefined && last.session.pending.length === 0 && leaderDrained ? last.t : undefined
    },
    reached: (label, seq) => `${label}: ${seq} drained`,
    missing: () => 'pending did not drain',
    impliesEarlier: true,
  },
  {
    id: 'peer-received',
    observable: (evidence) =>
      synced(evidence) && (evidence.peers ?? []).length > 0 && hasPoint(evidence, 'leader', 'pull:page'),
    seenAt: (evidence, global) => {
      const pulls = peerPulls(evidence, global)
      const times = pulls.flatMap(({ t }) => (t === undefined ? [] : [t]))
      return pulls.length > 0 && times.length === pulls.length ? Math.max(...times) : undefined
    },
    reached: (_label, seq) => `a pull carrying ${seq} reached every other client`,
    missing: (evidence, global) =>
      `no pull carrying it reached ${peerNames(peerPulls(evidence, global).filter(({ t }) => t === undefined))}`,
    impliesEarlier: false,
  },
]

/** The stage table in the order of `STAGE_IDS`: a stage missing from the table, or listed twice, fails at load. */
export const STAGES: readonly StageDef[] = STAGE_IDS.map((id) => {
  const matching = STAGE_DEFS.filter((stage) => stage.id === id)
  if (matching.length !== 1) throw new Error(`stage table: ${id} is defined ${matching.length} times`)
  return matching[0] as StageDef
})
