import type { MakeDurableObjectClassOptions } from '@livestore/sync-cf/cf-worker'
import { formatSeq, formatSeqRange } from '../../apps/contract/seq.ts'
import { armBroadcastFailure, failBroadcast } from './broadcast-failure.ts'
import { applyPullFaults, applyPushFaults } from './faults.ts'
import { livestoreWorkerApi } from './livestore-api.ts'
import { logTmp } from './tmp-log.ts'
import { currentStoreId, HARNESS_REQUEST_PREFIX } from './ws-messages.ts'

/** sync-cf's error results: `UnknownError` in 0.4.0, `InvalidPushError`/`InvalidPullError` before, `WSMessage.Error` in 0.3.1. */
const errorOf = (message: object): string | undefined => {
  if (!('_tag' in message) || typeof message._tag !== 'string' || !message._tag.endsWith('Error')) return undefined
  const { cause, message: text } = message as { cause?: unknown; message?: unknown }
  return `${message._tag}: ${String(cause ?? text)}`
}

/** 0.3.1's messages, where they differ: a bare cursor, `remaining` instead of `pageInfo`, hooks told no store. */
interface LegacyPullRequest {
  requestId: string
  cursor?: number
}
interface LegacyPullResponse {
  remaining: number
}
const legacy = !livestoreWorkerApi.rpcTransports
const storeOf = (context: { storeId: string }) => (legacy ? currentStoreId() : context.storeId)

const isHarnessPayload = (payload: unknown) =>
  typeof payload === 'object' && payload !== null && (payload as { harness?: unknown }).harness === true

const seqsOf = (events: readonly { seqNum: number }[]) => formatSeqRange(events.map((e) => ({ global: e.seqNum })))

/** The Durable Object's hooks: every push and pull the backend sees becomes a `[TMP][backend]` line. */
export const backendHooks: MakeDurableObjectClassOptions = {
  onPush: async (message, context) => {
    const storeId = storeOf(context)
    logTmp('push:recv', {
      storeId,
      batchSize: message.batch.length,
      seqs: seqsOf(message.batch),
      parent: message.batch[0] === undefined ? null : formatSeq({ global: message.batch[0].parentSeqNum }),
      names: [...new Set(message.batch.map((e) => e.name))],
    })
    await applyPushFaults(storeId)
    armBroadcastFailure(storeId, message.batch)
  },
  onPushRes: (message) => {
    const error = errorOf(message)
    if (error === undefined) logTmp('push:ack', {})
    else logTmp('push:err', { error })
  },
  onPull: async (message, context) => {
    const old = message as unknown as LegacyPullRequest
    const harness = legacy ? old.requestId.startsWith(HARNESS_REQUEST_PREFIX) : isHarnessPayload(context.payload)
    const cursor = legacy
      ? old.cursor
      : message.cursor._tag === 'Some'
        ? message.cursor.value.eventSequenceNumber
        : undefined
    const storeId = storeOf(context)
    logTmp(harness ? 'harness:read' : 'pull:req', {
      storeId,
      cursor: cursor === undefined ? null : formatSeq({ global: cursor }),
    })
    // The harness's own reads are never held: it reads the store to judge the fault.
    if (!harness) await applyPullFaults(storeId)
  },
  onPullRes: (message) => {
    const error = errorOf(message)
    if (error !== undefined) {
      logTmp('pull:err', { error })
      return
    }
    if (!('batch' in message)) return
    failBroadcast(message.batch.map((item) => item.eventEncoded))
    logTmp('pull:page', {
      count: message.batch.length,
      seqs: seqsOf(message.batch.map((item) => item.eventEncoded)),
      pageInfo: legacy
        ? (message as unknown as LegacyPullResponse).remaining > 0
          ? 'MoreKnown'
          : 'NoMore'
        : message.pageInfo._tag,
    })
  },
}
