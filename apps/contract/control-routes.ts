import { Schema } from 'effect'

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

/** A delay: whole milliseconds, bounded like every hold (two minutes). */
const DelayMs = Schema.Int.pipe(Schema.between(0, 120_000))

/** `PUT /__harness/stores/:storeId/faults`: faults injected into one store's Durable Object. */
export const StoreFaults = Schema.Struct({
  /** Hold every push in `onPush` (before the head check) until the faults are reset. */
  holdPushes: Schema.optional(Schema.Boolean),
  /**
   * Once: the next pull page with events and `NoMore` goes out as `MoreUnknown`, followed by an
   * empty `NoMore` page (a pagination whose final page is empty).
   */
  splitNextPage: Schema.optional(Schema.Boolean),
  /** Hold every pull request in `onPull` until lifted (a barrier the harness releases). */
  holdPulls: Schema.optional(Schema.Boolean),
  /** Delay every push in `onPush` / every pull in `onPull` by this many ms. */
  delayPushMs: Schema.optional(DelayMs),
  delayPullMs: Schema.optional(DelayMs),
  /** A blackhole: new sync connections of this store hang (no answer) until lifted. */
  refuseConnections: Schema.optional(Schema.Boolean),
  /**
   * Hold the store's next WebSocket push right after sync-cf committed it (stored, head advanced)
   * and before its request goes on to publish it, until lifted: the window in which a push
   * request interrupted in production loses its broadcast (upstream PR #1537).
   */
  holdAfterCommit: Schema.optional(Schema.Boolean),
  /**
   * Once: the next push is stored and the head advanced, then its broadcast fails before any pull
   * goes out (an `onPullRes` hook that throws, as an app's own hook may).
   */
  failNextBroadcast: Schema.optional(Schema.Boolean),
  /**
   * Once: the next pull request of a client fails in `onPull` (an error response), as a poll does
   * when the backend answers 5xx or times out under a mobile client.
   */
  failNextPull: Schema.optional(Schema.Boolean),
})
export type StoreFaults = typeof StoreFaults.Type

/**
 * `POST /__harness/stores/:storeId/sockets/drop`: closes the store's WebSockets from the server
 * side with a close code (the client sees a clean close), or aborts them (`abort: true`: the
 * Durable Object is reset, sockets break without a close frame).
 */
export const DropSocketsBody = Schema.Struct({
  code: Schema.optional(Schema.Int.pipe(Schema.between(1000, 4999))),
  reason: Schema.optional(Schema.String),
  abort: Schema.optional(Schema.Boolean),
  /** Only the socket whose push is held after its commit (`holdAfterCommit`): its pusher's connection goes. */
  heldPusher: Schema.optional(Schema.Boolean),
})
export type DropSocketsBody = typeof DropSocketsBody.Type

/** `POST /__harness/stores/:storeId/replica/commit`: a priority change in the store's replica. */
export const ReplicaCommitBody = Schema.Struct({
  issueId: Schema.Int.pipe(Schema.positive()),
  priority: Schema.Int.pipe(Schema.between(0, 4)),
})
export type ReplicaCommitBody = typeof ReplicaCommitBody.Type

/** `GET /__harness/stores/:storeId/live-pulls`: the WebSockets with a live pull stream open on the store's Durable Object. */
export const LivePulls = Schema.Struct({ livePulls: Schema.Int })

/** What a drop or restart touched: the number of sockets the store's Durable Object held. */
export const FaultResult = Schema.Struct({ storeId: Schema.String, sockets: Schema.Number })
export type FaultResult = typeof FaultResult.Type

/** Events appended after `head`, encoded as a writer's push: numbered on from the head, parented one by one. */
export const encodeAppend = (events: readonly NewEvent[], head: number, clientId: string) =>
  events.map((event, index) => ({
    name: event.name,
    args: event.args,
    seqNum: head + index + 1,
    parentSeqNum: head + index,
    clientId,
    sessionId: `${clientId}-session`,
  }))
