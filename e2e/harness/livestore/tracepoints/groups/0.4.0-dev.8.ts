import type { TracepointGroup } from '../types.ts'

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
      // Old-generation items are filtered out silently; only a batch left empty reopens the pull latch.
      {
        point: 'dropOldGen',
        anchor: 'if (newEvents.length === 0) {',
        insert: 'before',
        code: "if (newEvents.length < batchItems.length) __tmp('leader', 'dropOldGen', () => ({ seqs: __tmpSeqs(batchItems.filter(([event]) => event.seqNum.rebaseGeneration !== currentRebaseGeneration)), currentRebaseGeneration }));",
      },
      {
        point: 'latch:openPull/dropOldGen',
        anchor: 'if (newEvents.length === 0) {',
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
    session: [
      // push(): the session's own commit, materialized, then queued for the leader.
      {
        point: 'local-push',
        anchor: 'yield* BucketQueue.offerAll(leaderPushQueue, encodedEventDefs);',
        insert: 'before',
        code: "__tmp('client', 'local-push', () => ({ batchSize: encodedEventDefs.length, seqs: __tmpSeqs(encodedEventDefs), pending: mergeResult.newSyncState.pending.length }));",
      },
      // boot(), backgroundLeaderPushing: one batch to the leader and its answer.
      {
        point: 'push->leader',
        anchor: 'const batch = yield* BucketQueue.takeBetween(leaderPushQueue, 1, params.leaderPushBatchSize);',
        insert: 'after',
        code: "__tmp('client', 'push->leader', () => ({ batchSize: batch.length, seqs: __tmpSeqs(batch) }));",
      },
      {
        point: 'push->leader:ok',
        anchor: 'yield* clientSession.leaderThread.events.push(batch).pipe(',
        insert: 'after',
        code: "Effect.tap(() => Effect.sync(() => __tmp('client', 'push->leader:ok', () => ({ seqs: __tmpSeqs(batch) })))),",
      },
      {
        point: 'push->leader:err',
        anchor: 'yield* clientSession.leaderThread.events.push(batch).pipe(',
        insert: 'after',
        code: "Effect.tapError((error) => Effect.sync(() => __tmp('client', 'push->leader:err', () => ({ error: __tmpError(error), minimumExpected: __tmpSeq(error.minimumExpectedNum), provided: __tmpSeq(error.providedNum) })))),",
      },
      // boot(), the pull stream: one payload from the leader and how it merged.
      {
        point: 'pull<-leader',
        anchor: 'Stream.tap(({ payload }) => Effect.gen(function* () {',
        insert: 'after',
        code: "__tmp('client', 'pull<-leader', () => ({ payloadTag: payload._tag, seqs: __tmpSeqs(payload.newEvents), leaderHead: __tmpSeq(payload.newEvents.at(-1)) }));",
      },
      {
        point: 'pull:merge:rebase',
        anchor: 'debugInfo.rebaseCount++;',
        insert: 'before',
        code: "__tmp('client', 'pull:merge:rebase', () => ({ rollbackCount: mergeResult.rollbackEvents.length, newPending: __tmpSeqs(mergeResult.newSyncState.pending) }));",
      },
      {
        point: 'pull:merge:advance',
        anchor: 'debugInfo.advanceCount++;',
        insert: 'before',
        code: "__tmp('client', 'pull:merge:advance', () => ({ seqs: __tmpSeqs(mergeResult.newEvents), pending: mergeResult.newSyncState.pending.length }));",
      },
    ],
  },
}
