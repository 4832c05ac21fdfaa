import { formatSeqRange } from '../../apps/contract/seq.ts'
import { takeFault } from './faults.ts'
import { logTmp } from './tmp-log.ts'

/**
 * The publication gap of sync-cf 0.4.0 (fixed upstream by PR #1537): a push is stored and the
 * head advanced inside `blockConcurrencyWhile`, the ack goes out, and the broadcast of the pull
 * runs in a forked fiber afterwards. An interruption there leaves the event stored but never
 * published. The fork calls `onPullRes` before its first send; throwing there ends the fork the
 * way an interruption does, before any socket was written to.
 */
interface PushedEvent {
  seqNum: number
  clientId: string
}

/** The push whose broadcast is to be interrupted, per store: armed by the one-shot fault. */
const armed = new Map<string, PushedEvent>()

/** Called from `onPush`: the fault is taken by the store's next push (and re-armed by its retries). */
export const armBroadcastInterrupt = (storeId: string, batch: readonly PushedEvent[]): void => {
  const [first] = batch
  if (first === undefined) return
  if (armed.has(storeId) || takeFault(storeId, 'interruptNextBroadcast')) {
    armed.set(storeId, { seqNum: first.seqNum, clientId: first.clientId })
  }
}

export class BroadcastInterrupted extends Error {}

/** Called from `onPullRes`: throws for the armed push's broadcast (its first event, same writer). */
export const interruptBroadcast = (batch: readonly PushedEvent[]): void => {
  const [first] = batch
  if (first === undefined) return
  for (const [storeId, target] of armed) {
    if (target.seqNum !== first.seqNum || target.clientId !== first.clientId) continue
    armed.delete(storeId)
    const seqs = formatSeqRange(batch.map((event) => ({ global: event.seqNum })))
    logTmp('fault:interrupt-broadcast', { storeId, seqs })
    throw new BroadcastInterrupted(`harness: broadcast of ${seqs} interrupted after the store`)
  }
}

/** Lifting every fault disarms a pending interrupt too. */
export const disarmBroadcastInterrupts = (): void => armed.clear()
