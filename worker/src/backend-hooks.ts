import type { MakeDurableObjectClassOptions } from '@livestore/sync-cf/cf-worker'
import { formatSeq, formatSeqRange } from '../../apps/contract/seq.ts'
import { formatTmpLine, type TmpFields } from '../../apps/contract/tmp-line.ts'
import { applyPullFaults, applyPushFaults } from './faults.ts'
import { armBroadcastInterrupt, interruptBroadcast } from './publication-gap.ts'

const log = (name: string, fields: TmpFields): void => console.log(formatTmpLine('backend', name, fields))

/** sync-cf's error results: `UnknownError` in 0.4.0, `InvalidPushError`/`InvalidPullError` before. */
const errorOf = (message: object): string | undefined =>
  '_tag' in message && typeof message._tag === 'string' && message._tag.endsWith('Error')
    ? `${message._tag}: ${String((message as { cause?: unknown }).cause)}`
    : undefined

const isHarnessPayload = (payload: unknown) =>
  typeof payload === 'object' && payload !== null && (payload as { harness?: unknown }).harness === true

const seqsOf = (events: readonly { seqNum: number }[]) => formatSeqRange(events.map((e) => ({ global: e.seqNum })))

/** The Durable Object's hooks: every push and pull the backend sees becomes a `[TMP][backend]` line. */
export const backendHooks: MakeDurableObjectClassOptions = {
  onPush: async (message, { storeId }) => {
    log('push:recv', {
      storeId,
      batchSize: message.batch.length,
      seqs: seqsOf(message.batch),
      parent: message.batch[0] === undefined ? null : formatSeq({ global: message.batch[0].parentSeqNum }),
      names: [...new Set(message.batch.map((e) => e.name))],
    })
    await applyPushFaults(storeId)
    armBroadcastInterrupt(storeId, message.batch)
  },
  onPushRes: (message) => {
    const error = errorOf(message)
    if (error === undefined) log('push:ack', {})
    else log('push:err', { error })
  },
  onPull: async (message, { storeId, payload }) => {
    const harness = isHarnessPayload(payload)
    log(harness ? 'harness:read' : 'pull:req', {
      storeId,
      cursor: message.cursor._tag === 'Some' ? formatSeq({ global: message.cursor.value.eventSequenceNumber }) : null,
    })
    // The harness's own reads are never held: it reads the store to judge the fault.
    if (!harness) await applyPullFaults(storeId)
  },
  onPullRes: (message) => {
    const error = errorOf(message)
    if (error !== undefined) {
      log('pull:err', { error })
      return
    }
    if (!('batch' in message)) return
    interruptBroadcast(message.batch.map((item) => item.eventEncoded))
    log('pull:page', {
      count: message.batch.length,
      seqs: seqsOf(message.batch.map((item) => item.eventEncoded)),
      pageInfo: message.pageInfo._tag,
    })
  },
}
