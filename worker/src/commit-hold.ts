import { formatSeqRange } from '../../apps/contract/seq.ts'
import { hasFault, holdWhile } from './faults.ts'

/**
 * The publication gap as it happens in production (sync-cf 0.4.0; closed upstream by PR #1537):
 * sync-cf commits a push inside `blockConcurrencyWhile` and forks its broadcast only once the
 * request's fiber resumes from that promise. A request interrupted in between (its pusher's
 * connection goes) stores the event and advances the head, and nobody hears of it.
 *
 * The barrier sits exactly there: with `holdAfterCommit` set, the next WebSocket push of the store
 * is armed when its frame arrives; when sync-cf's `blockConcurrencyWhile` has committed it, the
 * promise sync-cf awaits is held (`fault:hold-after-commit`) until the fault is lifted, after the
 * gate, so the pusher's close can be delivered meanwhile. Nothing of sync-cf is changed: a fix
 * that keeps commit and publication together holds here inside its own atomic step instead.
 */
interface ArmedPush {
  storeId: string
  requestId: string
  seqs: string
  socket: WebSocket
}

interface PushFrame {
  _tag?: unknown
  tag?: unknown
  id?: unknown
  payload?: { batch?: { seqNum: number }[] }
}

const pushFrame = (message: string | ArrayBuffer): PushFrame | undefined => {
  if (typeof message !== 'string') return undefined
  try {
    const frame = JSON.parse(message) as PushFrame
    return frame._tag === 'Request' && typeof frame.tag === 'string' && frame.tag.endsWith('.Push') ? frame : undefined
  } catch {
    return undefined
  }
}

type BlockConcurrencyWhile = DurableObjectState['blockConcurrencyWhile']

/** One Durable Object's side of the barrier: it sees the frames and the commits of its store. */
export class CommitHold {
  private armed: ArmedPush | undefined
  /** The socket whose push is held after its commit: the one a "drop the pusher" closes. */
  heldPusher: WebSocket | undefined

  /** A WebSocket frame arrived: a push of a store with the fault set is armed. */
  onFrame(socket: WebSocket, storeId: string | undefined, message: string | ArrayBuffer): void {
    const frame = storeId === undefined ? undefined : pushFrame(message)
    if (storeId === undefined || frame === undefined || !hasFault(storeId, 'holdAfterCommit')) return
    const seqs = formatSeqRange((frame.payload?.batch ?? []).map((event) => ({ global: event.seqNum })))
    this.armed = { storeId, requestId: String(frame.id), seqs, socket }
  }

  /** sync-cf's `blockConcurrencyWhile`, holding an armed push once its commit succeeded (an Exit of `Success`). */
  wrap(original: BlockConcurrencyWhile): BlockConcurrencyWhile {
    return (async (callback: () => Promise<unknown>) => {
      const result = await original(callback)
      const armed = this.armed
      if (armed === undefined || (result as { _tag?: unknown } | null)?._tag !== 'Success') return result
      this.armed = undefined
      this.heldPusher = armed.socket
      await holdWhile(armed.storeId, 'holdAfterCommit', 'fault:hold-after-commit', {
        seqs: armed.seqs,
        requestId: armed.requestId,
      })
      this.heldPusher = undefined
      return result
    }) as BlockConcurrencyWhile
  }
}
