import type { TracepointGroup } from '../types.ts'
import { group as dev8 } from './0.4.0-dev.8.ts'

/**
 * 0.4.0-dev.12 to 0.4.0-dev.22: the two latches of dev.8, but an old-generation batch is split
 * (`ReadonlyArray.partition`) and its dropped items' deferreds are failed instead of left waiting.
 */
export const group: TracepointGroup = {
  versions: [
    '0.4.0-dev.12',
    '0.4.0-dev.14',
    '0.4.0-dev.16',
    '0.4.0-dev.19',
    '0.4.0-dev.20',
    '0.4.0-dev.21',
    '0.4.0-dev.22',
  ],
  files: {
    leader: [
      // push(): a session's batch arrives, before validation against the push head.
      {
        point: 'push:recv',
        anchor: 'yield* validatePushBatch(newEvents, pushHeadRef.current)',
        insert: 'before',
        code: "__tmp('leader', 'push:recv', () => ({ batchSize: newEvents.length, first: __tmpSeq(newEvents[0]), last: __tmpSeq(newEvents.at(-1)), waitForProcessing: options?.waitForProcessing ?? false }));",
      },
      {
        point: 'push:refused',
        anchor: 'yield* validatePushBatch(newEvents, pushHeadRef.current)',
        insert: 'after',
        code: ".pipe(Effect.tapError((error) => Effect.sync(() => __tmp('leader', 'push:refused', () => ({ error: __tmpError(error), expectedMin: __tmpSeq(error.minimumExpectedNum), provided: __tmpSeq(error.providedNum) })))))",
      },
      // backgroundApplyLocalPushes(): one batch taken, then applied between the two latches.
      {
        point: 'apply:take',
        anchor: 'const batchItems = yield* BucketQueue.takeBetween(localPushesQueue, 1, localPushBatchSize);',
        insert: 'after',
        code: "__tmp('leader', 'apply:take', () => ({ seqs: __tmpSeqs(batchItems) }));",
      },
      {
        point: 'apply:gotLocalPushesLatch',
        anchor: 'yield* localPushesLatch.await;',
        insert: 'after',
        code: "__tmp('leader', 'apply:gotLocalPushesLatch', () => ({ seq: __tmpSeqs(batchItems) }));",
      },
      {
        point: 'latch:closePull',
        anchor: 'yield* pullLatch.close;',
        insert: 'after',
        code: "__tmp('leader', 'latch:closePull');",
      },
      {
        point: 'dropOldGen',
        anchor: 'if (droppedItems.length > 0) {',
        insert: 'after',
        code: "__tmp('leader', 'dropOldGen', () => ({ seqs: __tmpSeqs(droppedItems), currentRebaseGeneration }));",
      },
      {
        point: 'latch:openPull/dropOldGen',
        anchor: 'if (filteredItems.length === 0) {',
        insert: 'after',
        code: "__tmp('leader', 'latch:openPull', () => ({ reason: 'dropOldGen' }));",
      },
      {
        point: 'push:reject',
        anchor: "case 'reject': {",
        insert: 'after',
        code: "__tmp('leader', 'push:reject', () => ({ expectedMin: __tmpSeq(mergeResult.expectedMinimumId), provided: __tmpSeq(newEvents[0]) }));",
      },
      {
        point: 'latch:openPull/reject',
        anchor: "yield* pullLatch.open; // In this case we're skipping state update",
        insert: 'before',
        code: "__tmp('leader', 'latch:openPull', () => ({ reason: 'reject' }));",
      },
      {
        point: 'push:advance',
        anchor:
          'yield* SubscriptionRef.set(syncStateSref, mergeResult.newSyncState); yield* connectedClientSessionPullQueues.offer({ payload: SyncState.PayloadUpstreamAdvance.make(',
        insert: 'before',
        code: "__tmp('leader', 'push:advance', () => ({ seqs: __tmpSeqs(mergeResult.newEvents) }));",
      },
      {
        point: 'notify:advance',
        anchor: 'otelSpan?.addEvent(`push:advance`',
        insert: 'before',
        code: "__tmp('leader', 'notify:advance', () => ({ seqs: __tmpSeqs(mergeResult.newEvents), leaderHead: __tmpSeq(mergeResult.newSyncState.localHead) }));",
      },
      {
        point: 'latch:openPull/advance',
        anchor: 'yield* materializeEventsBatch({ batchItems: mergeResult.newEvents, deferreds });',
        insert: 'after',
        code: "__tmp('leader', 'latch:openPull', () => ({ reason: 'advance' }));",
      },
      // backgroundBackendPulling(): each page from the backend, merged between the two latches.
      {
        point: 'pull:page',
        anchor: 'Stream.tap(({ batch, pageInfo }) => Effect.gen(function* () {',
        insert: 'after',
        code: "__tmp('leader', 'pull:page', () => ({ count: batch.length, seqs: __tmpSeqs(batch), pageInfo: pageInfo._tag, remaining: pageInfo.remaining }));",
      },
      {
        point: 'latch:closeLocalPushes',
        anchor: 'yield* localPushesLatch.close;',
        insert: 'after',
        code: "__tmp('leader', 'latch:closeLocalPushes', () => ({ seqs: __tmpSeqs(newEvents) }));",
      },
      {
        point: 'pull:gotPullLatch',
        anchor: 'yield* pullLatch.await;',
        insert: 'after',
        code: "__tmp('leader', 'pull:gotPullLatch', () => ({ seqs: __tmpSeqs(newEvents) })); yield* Effect.promise(() => __tmpGate('pull'));",
      },
      {
        point: 'pull:rebase',
        anchor: 'otelSpan?.addEvent(`pull:rebase[',
        insert: 'before',
        code: "__tmp('leader', 'pull:rebase', () => ({ newGeneration: mergeResult.newSyncState.localHead.rebaseGeneration, seqs: __tmpSeqs(newEvents), rollbackCount: mergeResult.rollbackEvents.length, pending: mergeResult.newSyncState.pending.length }));",
      },
      {
        point: 'notify:rebase',
        anchor: '} else { otelSpan?.addEvent(`pull:advance`',
        insert: 'before',
        code: "__tmp('leader', 'notify:rebase', () => ({ seqs: __tmpSeqs(mergeResult.newEvents), leaderHead: __tmpSeq(mergeResult.newSyncState.localHead) }));",
      },
      {
        point: 'pull:advance',
        anchor: 'otelSpan?.addEvent(`pull:advance`',
        insert: 'before',
        code: "__tmp('leader', 'pull:advance', () => ({ seqs: __tmpSeqs(newEvents), pending: mergeResult.newSyncState.pending.length }));",
      },
      {
        point: 'latch:openLocalPushes/NoMore',
        anchor: "if (pageInfo._tag === 'NoMore') {",
        insert: 'after',
        code: "__tmp('leader', 'latch:openLocalPushes', () => ({ reason: 'NoMore' }));",
      },
      // backgroundBackendPushing(): every attempt (retries included) and its answer.
      {
        point: 'backend:push',
        anchor: 'const pushResult = yield* syncBackend.push(queueItems.map((_) => _.toGlobal())).pipe(Effect.either);',
        insert: 'before',
        code: "__tmp('leader', 'backend:push', () => ({ seqs: __tmpSeqs(queueItems), retry: iteration.recurrence }));",
      },
      {
        point: 'backend:push:ok',
        anchor: 'const pushResult = yield* syncBackend.push(queueItems.map((_) => _.toGlobal())).pipe(Effect.either);',
        insert: 'after',
        code: "if (pushResult._tag === 'Right') __tmp('leader', 'backend:push:ok', () => ({ seqs: __tmpSeqs(queueItems) }));",
      },
      {
        point: 'backend:push:err',
        anchor: 'const pushResult = yield* syncBackend.push(queueItems.map((_) => _.toGlobal())).pipe(Effect.either);',
        insert: 'after',
        code: "if (pushResult._tag === 'Left') __tmp('leader', 'backend:push:err', () => ({ error: __tmpError(pushResult.left), seqs: __tmpSeqs(queueItems) }));",
      },
    ],
    // The session module keeps dev.8's structure up to dev.22.
    session: dev8.files.session,
  },
}
