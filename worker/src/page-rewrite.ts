import { formatSeqRange } from '../../apps/contract/seq.ts'
import { hasFault, takeFault } from './faults.ts'
import { logTmp } from './tmp-log.ts'

/**
 * Rewrites what a store's Durable Object sends on its WebSockets, as a backend that paginates
 * differently would send it. The messages are Effect RPC stream chunks,
 * `{ _tag: 'Chunk', requestId, values: [PullResponse, …] }`, for both catch-up pages and live
 * broadcasts.
 */
interface EncodedPage {
  batch: { eventEncoded: { seqNum: number } }[]
  pageInfo: { _tag: string }
  backendId: string
}

interface Chunk {
  _tag: 'Chunk'
  requestId: string
  values: unknown[]
}

const isChunk = (value: unknown): value is Chunk =>
  typeof value === 'object' &&
  value !== null &&
  (value as Chunk)._tag === 'Chunk' &&
  Array.isArray((value as Chunk).values)

const isFinalPageWithEvents = (value: unknown): value is EncodedPage =>
  typeof value === 'object' &&
  value !== null &&
  (value as EncodedPage).pageInfo?._tag === 'NoMore' &&
  Array.isArray((value as EncodedPage).batch) &&
  (value as EncodedPage).batch.length > 0

/** The messages to send instead of `message`. */
export const rewriteOutgoing = (storeId: string, message: string): string[] => {
  if (!hasFault(storeId, 'splitNextPage')) return [message]
  let parsed: unknown
  try {
    parsed = JSON.parse(message)
  } catch {
    return [message]
  }
  if (!isChunk(parsed)) return [message]
  const index = parsed.values.findIndex(isFinalPageWithEvents)
  const page = parsed.values[index]
  if (!isFinalPageWithEvents(page) || !takeFault(storeId, 'splitNextPage')) return [message]
  const values = parsed.values.with(index, { ...page, pageInfo: { _tag: 'MoreUnknown' } })
  const emptyFinal = { batch: [], pageInfo: { _tag: 'NoMore' }, backendId: page.backendId }
  logTmp('fault:split-page', {
    storeId,
    seqs: formatSeqRange(page.batch.map((item) => ({ global: item.eventEncoded.seqNum }))),
  })
  return [
    JSON.stringify({ ...parsed, values }),
    JSON.stringify({ _tag: 'Chunk', requestId: parsed.requestId, values: [emptyFinal] }),
  ]
}

const PATCHED = Symbol('harness-send-filter')

const storeIdOf = (ws: WebSocket): string | undefined => {
  const attachment: unknown = ws.deserializeAttachment()
  const decoded: unknown = typeof attachment === 'string' ? JSON.parse(attachment) : attachment
  const storeId = (decoded as { storeId?: unknown } | null)?.storeId
  return typeof storeId === 'string' ? storeId : undefined
}

/** Routes every send on `ws` through `rewriteOutgoing`; idempotent. */
export const filterSends = (ws: WebSocket): void => {
  const socket = ws as WebSocket & { [PATCHED]?: true }
  if (socket[PATCHED] === true) return
  const send = ws.send.bind(ws)
  socket.send = (message: string | ArrayBuffer | ArrayBufferView) => {
    const storeId = typeof message === 'string' ? storeIdOf(ws) : undefined
    if (storeId === undefined || typeof message !== 'string') return send(message)
    for (const rewritten of rewriteOutgoing(storeId, message)) send(rewritten)
  }
  socket[PATCHED] = true
}
