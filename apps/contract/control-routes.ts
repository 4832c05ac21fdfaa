import { Schema } from '@livestore/utils/effect'

/**
 * The bodies of the worker's `/__harness/*` control routes, declared once for the worker that
 * decodes them and the harness that sends and reads them. Imported through
 * `@livestore/utils/effect`, so each side uses the Effect its LiveStore came with.
 */

/** An event as the harness hands it to the backend: the store assigns sequence numbers. */
export const NewEvent = Schema.Struct({ name: Schema.String, args: Schema.Unknown })
export type NewEvent = typeof NewEvent.Type

/** `POST /__harness/stores/:storeId/events`. */
export const AppendEventsBody = Schema.Struct({
  /** The writer the events come from; `harness-seed` when absent. */
  clientId: Schema.optional(Schema.String),
  events: Schema.Array(NewEvent),
})
export type AppendEventsBody = typeof AppendEventsBody.Type

export const StoredEvent = Schema.Struct({
  ...NewEvent.fields,
  seqNum: Schema.Number,
  parentSeqNum: Schema.Number,
  clientId: Schema.String,
  sessionId: Schema.String,
})
export type StoredEvent = typeof StoredEvent.Type

/** `GET /__harness/stores/:storeId`. */
export const StoreContents = Schema.Struct({
  head: Schema.Number,
  count: Schema.Number,
  events: Schema.Array(StoredEvent),
})
export type StoreContents = typeof StoreContents.Type

/** `PUT /__harness/stores/:storeId/faults`: faults injected into one store's Durable Object. */
export const StoreFaults = Schema.Struct({
  /** Hold every push in `onPush` (before the head check) until the faults are reset. */
  holdPushes: Schema.optional(Schema.Boolean),
  /**
   * Once: the next pull page with events and `NoMore` goes out as `MoreUnknown`, followed by an
   * empty `NoMore` page (a pagination whose final page is empty).
   */
  splitNextPage: Schema.optional(Schema.Boolean),
})
export type StoreFaults = typeof StoreFaults.Type
