import { parseSeq, parseSeqRange } from '../../../apps/contract/seq.ts'
import type { PeerClient } from '../browser/change.ts'
import type { CapturedLine, TmpCapturedLine } from '../capture/log-stream.ts'
import { failedStart, leaderRefusedBoot } from '../capture/tab-lifecycle.ts'
import { leaderHandoff } from './handoff.ts'
import { coversGlobal, coversSeq } from './stages.ts'
import { tabStartedMidPage } from './tab-start.ts'
import { type FamilyId, STAGE_IDS, type StallFamily, type VerdictStage } from './verdict-record.ts'

/** What a classifier may read besides the `[TMP]` lines. */
export interface StallContext {
  /** LiveStore's own console lines, not `[TMP]` (its workers', the pages' errors): D's, F's and G's evidence. */
  consoles?: readonly CapturedLine[]
  /** The leader's pending count at the verdict, when the probe answered. */
  leaderPending?: number
  /**
   * Where the change stopped: a family names a stall only at a stage its mechanism can stop a
   * change at (`FAMILY_STAGES`). Without it, every family the lines show may name it.
   */
  stop?: StallStop
}

/** The stage a change stopped at, whose change it was, and who else had to hear of it. */
export interface StallStop {
  stage: VerdictStage
  /** The process that committed the change (`page`, `replica`, …), when its commit was captured. */
  madeBy?: string
  peers?: readonly PeerClient[]
  /** The stopped change's sequence number, when the leader or the session logged it. */
  seq?: string
}

const leader = (name: string) => (line: TmpCapturedLine) => line.source === 'leader' && line.name === name

const lastIndex = (lines: readonly TmpCapturedLine[], predicate: (line: TmpCapturedLine) => boolean) =>
  lines.findLastIndex(predicate)

/** A push got through after all: the leader advanced one, or a session's push to the leader succeeded. */
const pushGotThrough = (after: readonly TmpCapturedLine[]) =>
  after.some((line) => leader('push:advance')(line) || (line.source === 'client' && line.name === 'push->leader:ok'))

/**
 * A: the leader dropped a push of a newer rebase generation without settling it, and nothing got
 * through after it. From 0.4.0-dev.12 a drop settles every push that waits for processing (the
 * session's do): only a drop that left one unsettled can be A; after a settled one, what stops the
 * pushes is another family's (a drop the session recovers from is 0.4.0's normal rebase).
 */
const silentDrop = (lines: readonly TmpCapturedLine[]): StallFamily | undefined => {
  const at = lines.findLastIndex(leader('dropOldGen'))
  const drop = lines[at]
  if (drop === undefined || pushGotThrough(lines.slice(at + 1))) return undefined
  // Before 0.4.0-dev.12 the line has no `unsettled`: nothing was settled.
  if (drop.fields.unsettled === 0) return undefined
  return {
    id: 'A',
    explanation:
      `family A, silent drop: the leader received push ${String(drop.fields.seqs)} and never advanced it — dropped ` +
      `for not being of its rebase generation ${String(drop.fields.currentRebaseGeneration)} (dropOldGen), without ` +
      'settling the session’s push, so every later push waits behind it (upstream PR #743, fixed in 0.4.0-dev.12)',
  }
}

/** B: a pull closed the local-push latch and no NoMore page with events reopened it. */
const latchLeftClosed = (lines: readonly TmpCapturedLine[]): StallFamily | undefined => {
  const closed = lastIndex(lines, leader('latch:closeLocalPushes'))
  if (closed === -1 || lastIndex(lines, leader('latch:openLocalPushes')) > closed) return undefined
  const waiting = lines.slice(closed).find(leader('apply:take'))
  if (waiting === undefined) return undefined
  const emptyPage = lines.slice(closed).find((line) => leader('pull:page')(line) && line.fields.count === 0)
  return {
    id: 'B',
    explanation:
      `family B, pull precedence: the pull closed localPushesLatch at ${String(lines[closed]?.fields.seqs)} and ` +
      `${emptyPage === undefined ? 'never reopened it' : 'an empty NoMore page returned before reopening it'}; ` +
      `push ${String(waiting.fields.seqs)} waits on the latch for good (upstream PRs #1006, #1029, fixed in 0.4.0-dev.23)`,
  }
}

const rebasedRetry = (line: TmpCapturedLine) =>
  leader('push:refused')(line) && (parseSeq(String(line.fields.provided))?.rebaseGeneration ?? 0) > 0

/**
 * C: the leader refused a rebased retry against a push head it had moved when it accepted an
 * earlier batch, and nothing got through after it.
 */
const stalePushHead = (lines: readonly TmpCapturedLine[], { leaderPending }: StallContext): StallFamily | undefined => {
  const at = lines.findLastIndex(rebasedRetry)
  const refused = lines[at]
  if (refused === undefined || pushGotThrough(lines.slice(at + 1))) return undefined
  const head = String(refused.fields.expectedMin)
  const accepted = lines.slice(0, at).findLast((line) => leader('push:recv')(line) && line.fields.last === head)
  const idle = leaderPending === 0 ? ' while it had nothing pending' : ''
  return {
    id: 'C',
    explanation:
      `the leader refused the rebased retry (\`push:refused\` ${String(refused.fields.error)}, expected ${head} > ` +
      `provided ${String(refused.fields.provided)})${idle} — family C, stale push head ${head}: ` +
      `${accepted === undefined ? 'a head' : `moved there on accepting ${String(accepted.fields.first)}..${head}, and`} ` +
      'never rolled back (upstream PR #1530, fixed only on unpublished main)',
  }
}

/**
 * J: the leader rejected a stale batch and, with it, the queued batches of its generation
 * (`push:reject:queued`), among them the stopped change, already rebased onto the leader's head.
 * The session clears its push queue on the error and pushes its pending events again only after a
 * rebase from the leader, which a reject does not send: until another writer's event comes, none.
 */
const rejectedWithTheQueue = (lines: readonly TmpCapturedLine[], { stop }: StallContext): StallFamily | undefined => {
  const seq = stop?.seq === undefined ? undefined : parseSeq(stop.seq)
  if (seq === undefined) return undefined
  const at = lines.findLastIndex((line) => leader('push:reject:queued')(line) && coversSeq(line, seq))
  const taken = lines[at]
  const pushedAgain = (line: TmpCapturedLine) =>
    leader('notify:rebase')(line) || (leader('push:recv')(line) && coversSeq(line, seq))
  if (taken === undefined || lines.slice(at + 1).some(pushedAgain)) return undefined
  const reject = lines.slice(0, at).findLast(leader('push:reject'))
  return {
    id: 'J',
    explanation:
      `family J, rejected with the queue: the leader rejected ${reject === undefined ? 'a stale batch' : `the stale batch ${String(reject.fields.provided)} (expected ${String(reject.fields.expectedMin)})`} ` +
      `and failed the queued ${String(taken.fields.seqs)} with it (\`push:reject:queued\`), already rebased onto its head; ` +
      'the session pushes them again only after a rebase, which a reject does not send, and none came (its half: upstream PR #742, closed)',
  }
}

const pulledInto = (line: TmpCapturedLine) => leader('pull:advance')(line) || leader('pull:rebase')(line)

/**
 * How a leader's pull ended after line `from`: on the error that ended its pulling fiber
 * (`pull:ended`), or one it swallowed (`sync:error-ignored`, where `pull:ended` found no place), or
 * without a word.
 */
const swallowed = (lines: readonly TmpCapturedLine[], from: number): string => {
  const after = lines.slice(from)
  const ended = after.find(leader('pull:ended')) ?? after.find(leader('sync:error-ignored'))
  return ended === undefined ? ' without an error' : ` on ${String(ended.fields.error)} (\`${ended.name}\`)`
}

/**
 * E: a leader received a page of events it had already applied from a live broadcast (its pull is
 * registered before its first page is read, and a push broadcast in between came first), applied
 * nothing from it, and no page reached any leader again: its pull had ended without a word.
 */
const duplicateLivePage = (lines: readonly TmpCapturedLine[]): StallFamily | undefined => {
  /** The highest event each leader process applied from its pull. */
  const applied = new Map<string, number>()
  for (const [index, line] of lines.entries()) {
    const range = parseSeqRange(String(line.fields.seqs ?? ''))
    if (range === undefined) continue
    if (pulledInto(line)) applied.set(line.process, Math.max(applied.get(line.process) ?? 0, range[1].global))
    const head = applied.get(line.process) ?? 0
    if (!leader('pull:page')(line) || range[0].global > head) continue
    if (lines.slice(index + 1).some((later) => leader('pull:page')(later) || pulledInto(later))) continue
    return {
      id: 'E',
      explanation:
        `family E, duplicate live page: the leader received page ${String(line.fields.seqs)} after it had applied ` +
        `e${head} from the live broadcast, applied nothing from it, and no pull page reached a leader again — its ` +
        `pull ended${swallowed(lines, index)}, so a push the backend refuses (ServerAheadError) waits for a pull forever ` +
        '(upstream issues #283 and #1462; open PR #1576 restarts the pull)',
    }
  }
  return undefined
}

/**
 * F: a leader died (its tab reloaded or closed) after it saved the backend head of a pulled page
 * and before it wrote the page's events; every later boot of a leader on that storage refuses.
 */
const leaderKilledMidPage = ({ consoles = [] }: StallContext): StallFamily | undefined => {
  const refused = leaderRefusedBoot(consoles)
  if (refused === undefined) return undefined
  return {
    id: 'F',
    explanation:
      `family F, leader killed mid-page: a leader died after saving backend head e${refused.backendHead} and before ` +
      `writing the events up to it (its eventlog ends at e${refused.localHead}); the next leader refused to boot ` +
      `(“${refused.refusal}”), the SharedWorker only logged it, and the tab's sync requests are never answered ` +
      '(upstream issues #1532 and #409; open PR #1583)',
  }
}

/** The last sync error a leader swallowed (`sync:error-ignored`) after which no pull page reached that leader. */
const pullEndedOn = (lines: readonly TmpCapturedLine[]): TmpCapturedLine | undefined => {
  const at = lines.findLastIndex(leader('sync:error-ignored'))
  const ignored = lines[at]
  if (ignored === undefined) return undefined
  const pulledAfter = lines.slice(at + 1).some((line) => leader('pull:page')(line) && line.process === ignored.process)
  return pulledAfter ? undefined : ignored
}

/**
 * The last end of a leader's backend-pulling fiber (`pull:ended`, not an interruption: that is the
 * leader shutting down) after which no pull page reached that leader. Only this fiber's end stops
 * the pulling: `sync:error-ignored` is also logged for the pushing fiber, which a pull page restarts.
 */
const pullFiberEnded = (lines: readonly TmpCapturedLine[]): TmpCapturedLine | undefined => {
  const ended = lines.findLast((line) => leader('pull:ended')(line) && line.fields.error !== 'Interrupt')
  if (ended === undefined) return undefined
  const pulledAfter = lines
    .slice(lines.indexOf(ended) + 1)
    .some((line) => leader('pull:page')(line) && line.process === ended.process)
  return pulledAfter ? undefined : ended
}

/**
 * H: a leader's sync fiber failed and `onSyncError: 'ignore'` (the default) swallowed it; no pull
 * page reached that leader again. 0.4.0 retries a pull only on `IsOfflineError`, which only the
 * WebSocket client raises: one failed HTTP poll ends the pulling for good.
 */
const pullEndedOnError = (lines: readonly TmpCapturedLine[]): StallFamily | undefined => {
  const ignored = pullEndedOn(lines)
  if (ignored === undefined) return undefined
  return {
    id: 'H',
    explanation:
      `family H, pull ended on an error: the leader's sync failed with ${String(ignored.fields.error)} and ` +
      "`onSyncError: 'ignore'` swallowed it; no pull page reached that leader again (a pull is retried only on " +
      'IsOfflineError, which only the WebSocket client raises), so its pushes are stored but never confirmed and a ' +
      'push the backend refuses (ServerAheadError) waits for a pull forever (upstream issue #1394, its HTTP comment)',
  }
}

/** The replica's leader prints in the worker's output as process `replica`. */
const REPLICA = 'replica'

const replicaPage = (line: TmpCapturedLine) => leader('pull:page')(line) && line.process === REPLICA

/** A push of `process`'s leader after line `from` that the backend refused with ServerAheadError (one carrying e<global>, if given). */
const refusedAfter = (lines: readonly TmpCapturedLine[], from: TmpCapturedLine, process: string, global?: number) =>
  lines
    .slice(lines.indexOf(from) + 1)
    .find(
      (line) =>
        leader('backend:push:err')(line) &&
        line.process === process &&
        line.fields.error === 'ServerAheadError' &&
        (global === undefined || coversGlobal(line, global)),
    )

/** The backend's new instance after the replica's last pull page, when no page reached the replica since (its DO-RPC subscription is gone). */
const replicaForgotten = (lines: readonly TmpCapturedLine[]): TmpCapturedLine | undefined => {
  const lastPage = lines.findLastIndex(replicaPage)
  if (lastPage === -1) return undefined
  return lines.slice(lastPage + 1).find((line) => line.source === 'backend' && line.name === 'do:start')
}

/**
 * I: the backend's Durable Object started a new instance (an eviction, a restart) after a
 * replica's last pull page, and no page reached the replica since: 0.4.0 keeps the DO-RPC live
 * pull's subscribers in the instance's memory only.
 */
const subscriptionForgotten = (lines: readonly TmpCapturedLine[]): StallFamily | undefined => {
  const restarted = replicaForgotten(lines)
  if (restarted === undefined) return undefined
  const refused = refusedAfter(lines, restarted, REPLICA)
  const consequence =
    refused === undefined
      ? 'so live updates stop reaching the replica (upstream issue #1415, fixed on unpublished main by PRs #1541, #1542, #1545)'
      : `and its own push's echo is lost: its next push ${String(refused.fields.seqs)} is refused with ServerAheadError and waits for a pull that never comes (upstream issue #1462)`
  return {
    id: 'I',
    explanation:
      'family I, DO-RPC subscription forgotten: the backend’s Durable Object started a new instance after the ' +
      'replica’s last pull page, and 0.4.0 keeps its DO-RPC subscribers in memory only; no page reached the replica ' +
      `again, ${consequence}`,
  }
}

/** A change waits for a pull at these stages: its push refused or parked, its confirmation, a peer's page. */
const WAITS_FOR_A_PULL: readonly VerdictStage[] = [
  'backend-received',
  'backend-stored',
  'leader-confirmed',
  'peer-received',
]

/**
 * The stages at which each family's mechanism can stop a change (the first stage that never
 * happened): a leader that drops or holds a push stops it before it advances; a store that stops
 * answering or a leader that never boots, before the leader has it; a pull that ended, wherever the
 * change waits for a pull. The lines of a run may show a mechanism that did not stop this change.
 */
export const FAMILY_STAGES: { readonly [id in FamilyId]: readonly VerdictStage[] } = {
  A: ['leader-received', 'leader-advanced'],
  B: ['leader-advanced'],
  C: ['leader-advanced'],
  D: ['store-answering'],
  E: WAITS_FOR_A_PULL,
  F: ['leader-received', 'store-answering'],
  G: ['tab-started'],
  H: WAITS_FOR_A_PULL,
  I: WAITS_FOR_A_PULL,
  J: ['leader-advanced'],
}

/** I stops only what waits for the replica's pull: the replica's own change, or a change the replica must hear of. */
const waitsForReplica = ({ stage, madeBy, peers = [] }: StallStop) =>
  stage === 'peer-received' ? peers.some((peer) => peer.leaders.includes(REPLICA)) : madeBy === REPLICA

const explains = (family: StallFamily, stop: StallStop | undefined) =>
  stop === undefined || (FAMILY_STAGES[family.id].includes(stop.stage) && (family.id !== 'I' || waitsForReplica(stop)))

/** The first family, in this order, whose mechanism the lines show and which can stop the change where it stopped. */
export const classifyStall = (
  lines: readonly TmpCapturedLine[],
  context: StallContext = {},
): StallFamily | undefined => {
  const consoles = context.consoles ?? []
  const candidates = [
    () => leaderKilledMidPage(context),
    () => tabStartedMidPage(lines, consoles),
    () => silentDrop(lines),
    () => latchLeftClosed(lines),
    () => stalePushHead(lines, context),
    () => rejectedWithTheQueue(lines, context),
    () => leaderHandoff(lines, consoles),
    () => duplicateLivePage(lines),
    () => subscriptionForgotten(lines),
    // Last: a swallowed error also ends the stalls above (E's duplicate page dies so); H is where nothing else explains it.
    () => pullEndedOnError(lines),
  ]
  for (const candidate of candidates) {
    const family = candidate()
    if (family !== undefined && explains(family, context.stop)) return family
  }
  return undefined
}

const stageIndex = (stage: string) => (STAGE_IDS as readonly string[]).indexOf(stage)

/** What decides whether a stall's evidence is final: where the change stopped, and whose it is. */
export interface FinalContext {
  stage: VerdictStage
  lines: readonly TmpCapturedLine[]
  consoles?: readonly CapturedLine[]
  /** The change's global sequence number, once known. */
  change?: number
  /** The other clients that must hear of the change. */
  peers?: readonly PeerClient[]
}

const backendPush = (line: TmpCapturedLine) =>
  leader('backend:push')(line) || leader('backend:push:ok')(line) || leader('backend:push:err')(line)

/**
 * `process`'s push fiber waits for a pull: its last push was refused with ServerAheadError after
 * that leader's last pull page, and it pushed nothing since. Every LiveStore from 0.3.1 to 0.4.0
 * parks the fiber there (`Effect.never`) until a pull page restarts it. Returns the refusal, or
 * `over` when that came later: the line from which nothing pushes nor pulls.
 */
const parkedPush = (lines: readonly TmpCapturedLine[], over: TmpCapturedLine, process: string) => {
  const own = lines.filter((line) => line.process === process)
  const lastPush = own.findLastIndex(backendPush)
  const refusal = own[lastPush]
  if (
    refusal === undefined ||
    lastPush < own.findLastIndex(leader('pull:page')) ||
    !leader('backend:push:err')(refusal) ||
    refusal.fields.error !== 'ServerAheadError'
  )
    return undefined
  return lines.indexOf(refusal) > lines.indexOf(over) ? refusal : over
}

/**
 * `process`'s leader pulls no more from line `over` on, and the change waits for that pull: a
 * peer's that has not heard of it; or, the change's own leader's (the one that pushed it), once
 * the backend stored it (only a pull confirms it) or refused its push with ServerAheadError after
 * `over` (0.4.0's push fiber then waits for a pull to restart it: `Effect.never` until
 * `restartBackendPushing`, called only on a pull page with events); or a change that leader holds
 * and never pushed, once its push fiber is parked so (`parkedPush`). Before either, a dead pull
 * does not stop a push. Never when a page of that leader brought the change before its pull ended
 * (on 0.4.0-dev.9, a backend restart's duplicate page ends the pull right after the one that
 * confirmed the change).
 */
const waitsForPullThatIsOver = (
  { stage, lines, change, peers = [] }: FinalContext,
  over: TmpCapturedLine | undefined,
  process: string | undefined = over?.process,
): CapturedLine | undefined => {
  if (over === undefined || process === undefined) return undefined
  // A page of that leader already brought the change: the stage was read before the lines were.
  if (
    change !== undefined &&
    lines.some((line) => leader('pull:page')(line) && line.process === process && coversGlobal(line, change))
  )
    return undefined
  if (stage === 'peer-received') return peers.some((peer) => peer.leaders.includes(process)) ? over : undefined
  if (change === undefined) return undefined
  if (stage === 'backend-stored') return refusedAfter(lines, over, process, change)
  if (stage === 'backend-received') {
    const holds = lines.some(
      (line) => leader('push:advance')(line) && line.process === process && coversGlobal(line, change),
    )
    return holds ? parkedPush(lines, over, process) : undefined
  }
  const pushedBy = lines.find((line) => leader('backend:push')(line) && coversGlobal(line, change))?.process
  return stageIndex(stage) >= stageIndex('leader-confirmed') && pushedBy === process ? over : undefined
}

/**
 * The line after which a family's stall can no longer drain: the verdict is decided when it appears,
 * not when the window closes. A family is here only where LiveStore has no way back: F, a leader
 * that refused to boot on its storage (every later leader on it refuses too); G, a tab whose store
 * failed to start (nothing starts it again); E and H, a leader whose pulling fiber ended
 * (`pull:ended`: nothing forks it again), and I, a replica whose DO-RPC subscription the backend's
 * new instance forgot (nothing in 0.4.0's DO-RPC client pulls again), each once the change waits
 * for that pull. A (0.4.0 recovers from a drop by rebasing), B (a later page with events reopens
 * the latch), C and D wait for the window.
 */
const FINAL_EVIDENCE: { readonly [id in FamilyId]?: (context: FinalContext) => CapturedLine | undefined } = {
  F: ({ consoles = [] }) => leaderRefusedBoot(consoles)?.line,
  G: ({ lines, consoles = [] }) => failedStart(lines, consoles)?.line,
  // E's duplicate page ends the pull with a defect: once the change waits for that pull, as H's.
  E: (context) => waitsForPullThatIsOver(context, pullFiberEnded(context.lines)),
  H: (context) => waitsForPullThatIsOver(context, pullFiberEnded(context.lines)),
  I: (context) => waitsForPullThatIsOver(context, replicaForgotten(context.lines), REPLICA),
}

/** The line that makes a stall of this family final for the change, if the lines hold it. */
export const finalEvidence = (family: StallFamily | undefined, context: FinalContext): CapturedLine | undefined =>
  family === undefined ? undefined : FINAL_EVIDENCE[family.id]?.(context)
