import type { EventlogEntry, EventlogRead } from '../../../contract/eventlog.ts'
import { formatSeq } from '../../../contract/seq.ts'

interface RawEvent {
  name: string
  clientId: string
  seqNum: { global: number; client: number; rebaseGeneration: number }
}

/** `store.events` as far as the probe needs it; absent before LiveStore had it. */
type EventsApi = (options: { until: RawEvent['seqNum'] }) => AsyncIterable<RawEvent>

/** A stream that brings no event for this long has none to bring: the client does not have the next one. */
const QUIET_MS = 1000

/**
 * Reads the client's confirmed eventlog (through its leader) up to `untilGlobal`. The stream ends
 * once it reaches that event; a client that never gets there is cut off when the stream has been
 * quiet for a second, or after `timeoutMs` in all, and reported incomplete, with what it had.
 */
export const readEventlog = async (store: object, untilGlobal: number, timeoutMs: number): Promise<EventlogRead> => {
  const events = (store as unknown as { events?: EventsApi }).events
  if (typeof events !== 'function')
    return { read: false, reason: 'this LiveStore has no store.events()', unsupported: true }
  const read: EventlogEntry[] = []
  let iterator: AsyncIterator<RawEvent>
  try {
    iterator = events
      .call(store, { until: { global: untilGlobal, client: 0, rebaseGeneration: 0 } })
      [Symbol.asyncIterator]()
  } catch (error) {
    // Some releases declare it and throw "not yet implemented".
    return { read: false, reason: `store.events(): ${String(error)}`, unsupported: true }
  }
  const deadline = performance.now() + timeoutMs
  try {
    while (true) {
      const left = Math.min(QUIET_MS, deadline - performance.now())
      if (left <= 0) return { read: true, complete: false, events: read }
      const next = await Promise.race([
        iterator.next(),
        new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), left)),
      ])
      if (next === 'timeout') return { read: true, complete: false, events: read }
      if (next.done === true) return { read: true, complete: true, events: read }
      // Confirmed events compare by position in the global log; the rebase generation is the client's own.
      const { global, client } = next.value.seqNum
      read.push({ seq: formatSeq({ global, client }), name: next.value.name, clientId: next.value.clientId })
      if (next.value.seqNum.global >= untilGlobal) return { read: true, complete: true, events: read }
    }
  } catch (error) {
    return { read: false, reason: `store.events() failed: ${error instanceof Error ? error.message : String(error)}` }
  } finally {
    void iterator.return?.()
  }
}
