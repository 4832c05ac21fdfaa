import type { TracepointGroup } from '../types.ts'
import { group as dev8 } from './0.4.0-dev.8.ts'
import { replacingPoints } from './derive.ts'

/**
 * 0.4.0-dev.23 to 0.4.0: the two latches are gone. One semaphore (`localPushBackendPullMutex`) is
 * held by a local-push batch for its whole application (`withPermits(1)`) and by backend pulling
 * from its first non-empty page until the page marked `NoMore`. The latch tracepoints become lock
 * tracepoints: `apply:gotLock` / `apply:releaseLock {reason}` and `pull:waitLock` / `pull:gotLock`
 * / `pull:releaseLock`.
 */
export const group: TracepointGroup = {
  versions: ['0.4.0-dev.23', '0.4.0-dev.26', '0.4.0'],
  files: {
    leader: [
      // push(): a session's batch arrives, before validation against the push head. The `push` gate
      // holds it before the leader takes it in (family D: a leader tab closing with a push in flight).
      {
        point: 'push:recv',
        anchor: 'yield* validatePushBatch(newEvents, pushHeadRef.current)',
        insert: 'before',
        code: "yield* Effect.promise(() => __tmpGate('push')); __tmp('leader', 'push:recv', () => ({ batchSize: newEvents.length, first: __tmpSeq(newEvents[0]), last: __tmpSeq(newEvents.at(-1)), waitForProcessing: options?.waitForProcessing ?? false }));",
      },
      {
        point: 'push:refused',
        anchor: 'yield* validatePushBatch(newEvents, pushHeadRef.current)',
        insert: 'after',
        code: ".pipe(Effect.tapError((error) => Effect.sync(() => __tmp('leader', 'push:refused', () => ({ error: __tmpError(error), expectedMin: __tmpSeq(error.minimumExpectedNum), provided: __tmpSeq(error.providedNum) })))))",
      },
      // backgroundApplyLocalPushes(): one batch taken from the queue, then applied under the lock.
      {
        point: 'apply:take',
        anchor: 'const batchItems = yield* BucketQueue.takeBetween(localPushesQueue, 1, localPushBatchSize);',
        insert: 'after',
        code: "__tmp('leader', 'apply:take', () => ({ seqs: __tmpSeqs(batchItems) }));",
      },
      {
        point: 'apply:gotLock',
        anchor: 'to ensure mutual exclusion with backend pulling yield* Effect.gen(function* () {',
        insert: 'after',
        code: "__tmp('leader', 'apply:gotLock', () => ({ seq: __tmpSeqs(batchItems) }));",
      },
      {
        point: 'dropOldGen',
        anchor: 'if (droppedItems.length > 0) {',
        insert: 'after',
        code: "__tmp('leader', 'dropOldGen', () => ({ seqs: __tmpSeqs(droppedItems), currentRebaseGeneration }));",
      },
      {
        point: 'apply:releaseLock/dropOldGen',
        anchor: 'if (filteredItems.length === 0) {',
        insert: 'after',
        code: "__tmp('leader', 'apply:releaseLock', () => ({ reason: 'dropOldGen' }));",
      },
      {
        point: 'push:reject',
        anchor: "case 'reject': {",
        insert: 'after',
        code: "__tmp('leader', 'push:reject', () => ({ expectedMin: __tmpSeq(mergeResult.expectedMinimumId), provided: __tmpSeq(newEvents[0]) }));",
      },
      {
        point: 'apply:releaseLock/reject',
        anchor: "// In this case we're skipping state update and down/upstream processing",
        insert: 'before',
        code: "__tmp('leader', 'apply:releaseLock', () => ({ reason: 'reject' }));",
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
        anchor: 'yield* Effect.spanEvent(`push:advance`',
        insert: 'before',
        code: "__tmp('leader', 'notify:advance', () => ({ seqs: __tmpSeqs(mergeResult.newEvents), leaderHead: __tmpSeq(mergeResult.newSyncState.localHead) }));",
      },
      {
        point: 'apply:releaseLock/advance',
        anchor: 'yield* materializeEventsBatch({ batchItems: mergeResult.newEvents, deferreds });',
        insert: 'after',
        code: "__tmp('leader', 'apply:releaseLock', () => ({ reason: 'advance' }));",
      },
      // backgroundBackendPulling(): each page from the backend, merged under the lock.
      {
        point: 'pull:page',
        anchor: 'Stream.tap(({ batch, pageInfo }) => Effect.gen(function* () {',
        insert: 'after',
        code: "__tmp('leader', 'pull:page', () => ({ count: batch.length, seqs: __tmpSeqs(batch), pageInfo: pageInfo._tag, remaining: pageInfo.remaining }));",
      },
      {
        point: 'pull:waitLock',
        anchor: 'yield* localPushBackendPullMutex.take(1);',
        insert: 'before',
        code: "__tmp('leader', 'pull:waitLock', () => ({ seqs: __tmpSeqs(newEvents) }));",
      },
      {
        point: 'pull:gotLock',
        anchor: 'yield* localPushBackendPullMutex.take(1);',
        insert: 'after',
        code: "__tmp('leader', 'pull:gotLock', () => ({ seqs: __tmpSeqs(newEvents) })); yield* Effect.promise(() => __tmpGate('pull'));",
      },
      {
        point: 'pull:releaseLock',
        anchor: 'if (pullMutexHeld === false) return; pullMutexHeld = false;',
        insert: 'after',
        code: "__tmp('leader', 'pull:releaseLock');",
      },
      {
        point: 'pull:rebase',
        anchor: 'yield* Effect.spanEvent(`pull:rebase[',
        insert: 'before',
        code: "__tmp('leader', 'pull:rebase', () => ({ newGeneration: mergeResult.newSyncState.localHead.rebaseGeneration, seqs: __tmpSeqs(newEvents), rollbackCount: mergeResult.rollbackEvents.length, pending: mergeResult.newSyncState.pending.length }));",
      },
      {
        point: 'notify:rebase',
        anchor: '} else { yield* Effect.spanEvent(`pull:advance`',
        insert: 'before',
        code: "__tmp('leader', 'notify:rebase', () => ({ seqs: __tmpSeqs(mergeResult.newEvents), leaderHead: __tmpSeq(mergeResult.newSyncState.localHead) }));",
      },
      {
        point: 'pull:advance',
        anchor: 'yield* Effect.spanEvent(`pull:advance`',
        insert: 'before',
        code: "__tmp('leader', 'pull:advance', () => ({ seqs: __tmpSeqs(newEvents), pending: mergeResult.newSyncState.pending.length }));",
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
    session: replacingPoints(dev8.files.session, [
      // push(): the session's own commit, queued for the leader.
      {
        point: 'local-push',
        anchor: 'yield* BucketQueue.offerAll(leaderPushQueue, mergeResult.newEvents);',
        insert: 'before',
        code: "__tmp('client', 'local-push', () => ({ batchSize: mergeResult.newEvents.length, seqs: __tmpSeqs(mergeResult.newEvents), pending: mergeResult.newSyncState.pending.length }));",
      },
    ]),
  },
}
