// biome-ignore-all lint/suspicious/noTemplateCurlyInString: anchors quote LiveStore's own template literals
import { leaderPoint, sessionPoint, tapPoint } from '../point.ts'
import type { TracepointGroup } from '../types.ts'
import { group as dev8 } from './0.4.0-dev.8.ts'
import { replacingPoints } from './derive.ts'
import { backendPush, FIELDS, pushRejectQueued, SYNC_ERROR_FIELDS } from './shared.ts'

/** 0.3.1's merge results also carry the merge counter that orders payloads. */
const withMergeCounter = (fields: string) => fields.replace(/ \}$/, ', mergeCounter }')

/**
 * 0.3.1: the latches of 0.4.0-dev.8, but sequence numbers have no rebase generation. A leader merge
 * counter orders payloads (logged as `mergeCounter`), and local pushes carry a push generation that
 * is bumped on each reject (logged as `currentRebaseGeneration` in `dropOldGen`). Pages carry
 * `remaining` instead of `pageInfo` (logged as `NoMore` when 0, else `MoreKnown`).
 */
export const group: TracepointGroup = {
  versions: ['0.3.1'],
  files: {
    leader: replacingPoints(dev8.files.leader, [
      // Its sync fibers' errors are swallowed unless `onError` is 'shutdown' (the default is not).
      leaderPoint('sync:error-ignored', {
        anchor: "if (onError === 'shutdown') {",
        insert: 'before',
        locate: { if: "onError === 'shutdown'", within: 'shutdownOnError', at: 'before' },
        when: "onError !== 'shutdown'",
        fields: SYNC_ERROR_FIELDS,
      }),
      // Its pulling fiber is the one forked last in boot(), right before boot returns.
      tapPoint('leader', 'pull:ended', {
        anchor:
          'Effect.catchAllCause(shutdownOnError), Effect.forkScoped); return { initialLeaderHead: initialLocalHead };',
        on: 'cause',
        form: 'before-argument',
        fields: SYNC_ERROR_FIELDS,
      }),
      // Items of an older push generation (a counter bumped on each reject) are filtered out silently.
      leaderPoint('dropOldGen', {
        anchor: 'if (filteredBatchItems.length === 0) {',
        insert: 'before',
        when: 'filteredBatchItems.length < batchItems.length',
        fields:
          '{ seqs: __tmpSeqs(batchItems.filter((item) => item[2] !== currentLocalPushGenerationRef.current)), currentRebaseGeneration: currentLocalPushGenerationRef.current }',
      }),
      leaderPoint('latch:openPull/dropOldGen', { anchor: 'if (filteredBatchItems.length === 0) {', insert: 'after' }),
      // Its queue items carry their push generation as a third element.
      pushRejectQueued('(item) => item[2] >= nextGeneration);'),
      leaderPoint('notify:advance', {
        anchor:
          'mergePayloads.set(mergeCounter, SyncState.PayloadUpstreamAdvance.make({ newEvents: mergeResult.newEvents })); otelSpan?.addEvent(`[${mergeCounter}]:push:advance`',
        insert: 'before',
        fields: withMergeCounter(FIELDS.notify),
      }),
      // backgroundBackendPulling(): each page from the backend, merged between the two latches.
      leaderPoint('pull:page', {
        anchor: 'Stream.tap(({ batch, remaining }) => Effect.gen(function* () {',
        insert: 'after',
        fields:
          "{ count: batch.length, seqs: __tmpSeqs(batch), pageInfo: remaining === 0 ? 'NoMore' : 'MoreKnown', remaining }",
      }),
      leaderPoint('pull:rebase', {
        anchor: 'otelSpan?.addEvent(`[${mergeCounter}]:pull:rebase`',
        insert: 'before',
        fields:
          '{ mergeCounter, seqs: __tmpSeqs(newEvents), rollbackCount: mergeResult.rollbackEvents.length, pending: mergeResult.newSyncState.pending.length }',
      }),
      leaderPoint('notify:rebase', {
        anchor: '} else { otelSpan?.addEvent(`[${mergeCounter}]:pull:advance`',
        insert: 'before',
        fields: withMergeCounter(FIELDS.notify),
      }),
      leaderPoint('pull:advance', {
        anchor: 'otelSpan?.addEvent(`[${mergeCounter}]:pull:advance`',
        insert: 'before',
        fields: withMergeCounter(FIELDS.pullAdvance),
      }),
      leaderPoint('latch:openLocalPushes/NoMore', { anchor: 'if (remaining === 0) {', insert: 'after' }),
      // backgroundBackendPushing(): every attempt and its answer (no retries: an error waits for the next pull).
      leaderPoint('backend:push', {
        anchor: backendPush.anchor,
        insert: 'before',
        fields: '{ seqs: __tmpSeqs(queueItems) }',
      }),
    ]),
    session: replacingPoints(dev8.files.session, [
      // push(): the session's own commit, materialized, then queued for the leader.
      sessionPoint('local-push', {
        anchor: 'BucketQueue.offerAll(leaderPushQueue, encodedEventDefs).pipe(Effect.runSync);',
        insert: 'before',
        fields:
          '{ batchSize: encodedEventDefs.length, seqs: __tmpSeqs(encodedEventDefs), pending: mergeResult.newSyncState.pending.length }',
      }),
      // boot(), the pull stream: one payload from the leader and how it merged.
      sessionPoint('pull<-leader', {
        anchor: 'Stream.tap(({ payload, mergeCounter: leaderMergeCounter }) => Effect.gen(function* () {',
        insert: 'after',
        fields:
          '{ payloadTag: payload._tag, seqs: __tmpSeqs(payload.newEvents), leaderHead: __tmpSeq(payload.newEvents.at(-1)), mergeCounter: leaderMergeCounter }',
      }),
    ]),
  },
}
