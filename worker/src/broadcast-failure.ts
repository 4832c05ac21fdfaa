import { formatSeqRange } from '../../apps/contract/seq.ts'
import { takeFault } from './faults.ts'
import { logTmp } from './tmp-log.ts'

/**
 * A broadcast that fails after the commit: sync-cf calls `onPullRes` before it sends a stored
 * push to its subscribers, and an app's hook that throws there ends the publication with the
 * event stored and the head advanced. Upstream PR #1537 makes the commit and the publication one
 * uninterruptible step; it does not make the publication infallible, so this gap stays.
 */
interface PushedEvent {
  seqNum: number
  clientId: string
}

/** The push whose broadcast is to fail, per store: armed by the one-shot fault. */
const armed = new Map<string, PushedEvent>()

/** Called from `onPush`: the fault is taken by the store's next push (and re-armed by its retries). */
export const armBroadcastFailure = (storeId: string, batch: readonly PushedEvent[]): void => {
  const [first] = batch
  if (first === undefined) return
  if (armed.has(storeId) || takeFault(storeId, 'failNextBroadcast')) {
    armed.set(storeId, { seqNum: first.seqNum, clientId: first.clientId })
  }
}

export class BroadcastFailed extends Error {}

/** Called from `onPullRes`: throws for the armed push's broadcast (its first event, same writer). */
export const failBroadcast = (batch: readonly PushedEvent[]): void => {
  const [first] = batch
  if (first === undefined) return
  for (const [storeId, target] of armed) {
    if (target.seqNum !== first.seqNum || target.clientId !== first.clientId) continue
    armed.delete(storeId)
    const seqs = formatSeqRange(batch.map((event) => ({ global: event.seqNum })))
    logTmp('fault:fail-broadcast', { storeId, seqs })
    throw new BroadcastFailed(`harness: the onPullRes hook threw for ${seqs} after the store`)
  }
}

/** Lifting every fault disarms a pending failure too. */
export const disarmBroadcastFailures = (): void => armed.clear()
