// biome-ignore-all lint/suspicious/noTemplateCurlyInString: anchors quote LiveStore's own template literals
import type { TracepointGroup } from '../types.ts'
import { group as dev8 } from './0.4.0-dev.8.ts'
import { replacingPoints } from './derive.ts'

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
      // Items of an older push generation (a counter bumped on each reject) are filtered out silently.
      {
        point: 'dropOldGen',
        anchor: 'if (filteredBatchItems.length === 0) {',
        insert: 'before',
        code: "if (filteredBatchItems.length < batchItems.length) __tmp('leader', 'dropOldGen', () => ({ seqs: __tmpSeqs(batchItems.filter((item) => item[2] !== currentLocalPushGenerationRef.current)), currentRebaseGeneration: currentLocalPushGenerationRef.current }));",
      },
      {
        point: 'latch:openPull/dropOldGen',
        anchor: 'if (filteredBatchItems.length === 0) {',
        insert: 'after',
        code: "__tmp('leader', 'latch:openPull', () => ({ reason: 'dropOldGen' }));",
      },
      {
        point: 'notify:advance',
        anchor:
          'mergePayloads.set(mergeCounter, SyncState.PayloadUpstreamAdvance.make({ newEvents: mergeResult.newEvents })); otelSpan?.addEvent(`[${mergeCounter}]:push:advance`',
        insert: 'before',
        code: "__tmp('leader', 'notify:advance', () => ({ seqs: __tmpSeqs(mergeResult.newEvents), leaderHead: __tmpSeq(mergeResult.newSyncState.localHead), mergeCounter }));",
      },
      // backgroundBackendPulling(): each page from the backend, merged between the two latches.
      {
        point: 'pull:page',
        anchor: 'Stream.tap(({ batch, remaining }) => Effect.gen(function* () {',
        insert: 'after',
        code: "__tmp('leader', 'pull:page', () => ({ count: batch.length, seqs: __tmpSeqs(batch), pageInfo: remaining === 0 ? 'NoMore' : 'MoreKnown', remaining }));",
      },
      {
        point: 'pull:rebase',
        anchor: 'otelSpan?.addEvent(`[${mergeCounter}]:pull:rebase`',
        insert: 'before',
        code: "__tmp('leader', 'pull:rebase', () => ({ mergeCounter, seqs: __tmpSeqs(newEvents), rollbackCount: mergeResult.rollbackEvents.length, pending: mergeResult.newSyncState.pending.length }));",
      },
      {
        point: 'notify:rebase',
        anchor: '} else { otelSpan?.addEvent(`[${mergeCounter}]:pull:advance`',
        insert: 'before',
        code: "__tmp('leader', 'notify:rebase', () => ({ seqs: __tmpSeqs(mergeResult.newEvents), leaderHead: __tmpSeq(mergeResult.newSyncState.localHead), mergeCounter }));",
      },
      {
        point: 'pull:advance',
        anchor: 'otelSpan?.addEvent(`[${mergeCounter}]:pull:advance`',
        insert: 'before',
        code: "__tmp('leader', 'pull:advance', () => ({ seqs: __tmpSeqs(newEvents), pending: mergeResult.newSyncState.pending.length, mergeCounter }));",
      },
      {
        point: 'latch:openLocalPushes/NoMore',
        anchor: 'if (remaining === 0) {',
        insert: 'after',
        code: "__tmp('leader', 'latch:openLocalPushes', () => ({ reason: 'NoMore' }));",
      },
      // backgroundBackendPushing(): every attempt and its answer (no retries: an error waits for the next pull).
      {
        point: 'backend:push',
        anchor: 'const pushResult = yield* syncBackend.push(queueItems.map((_) => _.toGlobal())).pipe(Effect.either);',
        insert: 'before',
        code: "__tmp('leader', 'backend:push', () => ({ seqs: __tmpSeqs(queueItems) }));",
      },
    ]),
    session: replacingPoints(dev8.files.session, [
      // push(): the session's own commit, materialized, then queued for the leader.
      {
        point: 'local-push',
        anchor: 'BucketQueue.offerAll(leaderPushQueue, encodedEventDefs).pipe(Effect.runSync);',
        insert: 'before',
        code: "__tmp('client', 'local-push', () => ({ batchSize: encodedEventDefs.length, seqs: __tmpSeqs(encodedEventDefs), pending: mergeResult.newSyncState.pending.length }));",
      },
      // boot(), the pull stream: one payload from the leader and how it merged.
      {
        point: 'pull<-leader',
        anchor: 'Stream.tap(({ payload, mergeCounter: leaderMergeCounter }) => Effect.gen(function* () {',
        insert: 'after',
        code: "__tmp('client', 'pull<-leader', () => ({ payloadTag: payload._tag, seqs: __tmpSeqs(payload.newEvents), leaderHead: __tmpSeq(payload.newEvents.at(-1)), mergeCounter: leaderMergeCounter }));",
      },
    ]),
  },
}
