// biome-ignore-all lint/suspicious/noTemplateCurlyInString: anchors quote LiveStore's own template literals
import { leaderPoint, sessionPoint, tapPoint } from '../point.ts'
import type { TracepointGroup } from '../types.ts'
import * as shared from './shared.ts'

const LEADER_PUSH = 'yield* clientSession.leaderThread.events.push(batch).pipe('

/**
 * 0.4.0-dev.8 and 0.4.0-dev.9: two latches. A local-push batch waits on `localPushesLatch` (closed
 * by backend pulling until the page marked `NoMore`) and closes `pullLatch` while it applies; a
 * pull page closes `localPushesLatch`, then waits on `pullLatch`. Old-generation items are dropped
 * by an equality filter that leaves their deferreds waiting (family A).
 */
export const group: TracepointGroup = {
  versions: ['0.4.0-dev.8', '0.4.0-dev.9'],
  files: {
    leader: [
      shared.pushRecv,
      shared.pushRefused,
      shared.pushSettled,
      shared.syncErrorIgnored,
      shared.pullEnded,
      // backgroundApplyLocalPushes(): one batch taken, then applied between the two latches.
      shared.applyTake,
      leaderPoint('apply:gotLocalPushesLatch', {
        anchor: 'yield* localPushesLatch.await;',
        insert: 'after',
        fields: '{ seq: __tmpSeqs(batchItems) }',
      }),
      leaderPoint('latch:closePull', { anchor: 'yield* pullLatch.close;', insert: 'after' }),
      // Old-generation items are filtered out silently; only a batch left empty reopens the pull latch.
      leaderPoint('dropOldGen', {
        anchor: 'if (newEvents.length === 0) {',
        insert: 'before',
        when: 'newEvents.length < batchItems.length',
        fields:
          '{ seqs: __tmpSeqs(batchItems.filter(([event]) => event.seqNum.rebaseGeneration !== currentRebaseGeneration)), currentRebaseGeneration }',
      }),
      leaderPoint('latch:openPull/dropOldGen', { anchor: 'if (newEvents.length === 0) {', insert: 'after' }),
      shared.pushReject,
      shared.pushRejectQueued('eventEncoded.seqNum.rebaseGeneration >= nextRebaseGeneration);'),
      leaderPoint('latch:openPull/reject', {
        anchor: "yield* pullLatch.open; // In this case we're skipping state update",
        insert: 'before',
      }),
      shared.pushAdvance,
      leaderPoint('notify:advance', {
        anchor: 'otelSpan?.addEvent(`push:advance`',
        insert: 'before',
        fields: shared.FIELDS.notify,
      }),
      leaderPoint('latch:openPull/advance', {
        anchor: 'yield* materializeEventsBatch({ batchItems: mergeResult.newEvents, deferreds });',
        insert: 'after',
      }),
      // backgroundBackendPulling(): each page from the backend, merged between the two latches.
      shared.pullPage,
      shared.pullTrimmed,
      leaderPoint('latch:closeLocalPushes', {
        anchor: 'yield* localPushesLatch.close;',
        insert: 'after',
        fields: '{ seqs: __tmpSeqs(newEvents) }',
      }),
      leaderPoint('pull:gotPullLatch', {
        anchor: 'yield* pullLatch.await;',
        insert: 'after',
        fields: '{ seqs: __tmpSeqs(newEvents) }',
        gate: 'pull',
      }),
      leaderPoint('pull:rebase', {
        anchor: 'otelSpan?.addEvent(`pull:rebase[',
        insert: 'before',
        fields: shared.FIELDS.pullRebase,
      }),
      leaderPoint('notify:rebase', {
        anchor: '} else { otelSpan?.addEvent(`pull:advance`',
        insert: 'before',
        fields: shared.FIELDS.notify,
      }),
      leaderPoint('pull:advance', {
        anchor: 'otelSpan?.addEvent(`pull:advance`',
        insert: 'before',
        fields: shared.FIELDS.pullAdvance,
      }),
      leaderPoint('latch:openLocalPushes/NoMore', { anchor: "if (pageInfo._tag === 'NoMore') {", insert: 'after' }),
      shared.backendPush,
      shared.backendPushOk,
      shared.backendPushErr,
    ],
    session: [
      // push(): the session's own commit, materialized, then queued for the leader.
      sessionPoint('local-push', {
        anchor: 'yield* BucketQueue.offerAll(leaderPushQueue, encodedEventDefs);',
        insert: 'before',
        fields:
          '{ batchSize: encodedEventDefs.length, seqs: __tmpSeqs(encodedEventDefs), pending: mergeResult.newSyncState.pending.length }',
      }),
      // boot(), backgroundLeaderPushing: one batch to the leader and its answer.
      sessionPoint('push->leader', {
        anchor: 'const batch = yield* BucketQueue.takeBetween(leaderPushQueue, 1, params.leaderPushBatchSize);',
        insert: 'after',
        fields: '{ batchSize: batch.length, seqs: __tmpSeqs(batch) }',
      }),
      tapPoint('client', 'push->leader:ok', {
        anchor: LEADER_PUSH,
        on: 'success',
        form: 'argument',
        fields: '{ seqs: __tmpSeqs(batch) }',
      }),
      tapPoint('client', 'push->leader:err', {
        anchor: LEADER_PUSH,
        on: 'failure',
        form: 'argument',
        fields:
          '{ error: __tmpError(error), minimumExpected: __tmpSeq(error.minimumExpectedNum), provided: __tmpSeq(error.providedNum) }',
      }),
      // boot(), the pull stream: one payload from the leader and how it merged.
      sessionPoint('pull<-leader', {
        anchor: 'Stream.tap(({ payload }) => Effect.gen(function* () {',
        insert: 'after',
        fields:
          '{ payloadTag: payload._tag, seqs: __tmpSeqs(payload.newEvents), leaderHead: __tmpSeq(payload.newEvents.at(-1)) }',
      }),
      sessionPoint('pull:merge:rebase', {
        anchor: 'debugInfo.rebaseCount++;',
        insert: 'before',
        fields:
          '{ rollbackCount: mergeResult.rollbackEvents.length, newPending: __tmpSeqs(mergeResult.newSyncState.pending) }',
      }),
      sessionPoint('pull:merge:advance', {
        anchor: 'debugInfo.advanceCount++;',
        insert: 'before',
        fields: '{ seqs: __tmpSeqs(mergeResult.newEvents), pending: mergeResult.newSyncState.pending.length }',
      }),
    ],
  },
}
