// biome-ignore-all lint/suspicious/noTemplateCurlyInString: anchors quote LiveStore's own template literals
import { leaderPoint, sessionPoint } from '../point.ts'
import type { TracepointGroup } from '../types.ts'
import { group as dev8 } from './0.4.0-dev.8.ts'
import { replacingPoints } from './derive.ts'
import * as shared from './shared.ts'

const PULL_TAKES_LOCK = 'yield* localPushBackendPullMutex.take(1);'
const PULL_LOCK_CALL = { call: 'localPushBackendPullMutex.take', within: 'onNewPullChunk' } as const
const APPLYING = 'backgroundApplyLocalPushes'

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
      shared.pushRecv,
      shared.pushRefused,
      shared.pushSettled,
      shared.syncErrorIgnored,
      shared.pullEnded,
      // backgroundApplyLocalPushes(): one batch taken from the queue, then applied under the lock.
      shared.applyTake,
      leaderPoint('apply:gotLock', {
        anchor: 'to ensure mutual exclusion with backend pulling yield* Effect.gen(function* () {',
        insert: 'after',
        fields: '{ seq: __tmpSeqs(batchItems) }',
      }),
      shared.dropOldGenPartitioned,
      leaderPoint('apply:releaseLock/dropOldGen', {
        anchor: 'if (filteredItems.length === 0) {',
        insert: 'after',
        locate: { if: 'filteredItems.length === 0', within: APPLYING, at: 'body-start' },
      }),
      shared.pushReject,
      shared.pushRejectQueued('eventEncoded.seqNum.rebaseGeneration >= nextRebaseGeneration);'),
      leaderPoint('apply:releaseLock/reject', {
        anchor: "// In this case we're skipping state update and down/upstream processing",
        insert: 'before',
      }),
      shared.pushAdvance,
      leaderPoint('notify:advance', {
        anchor: 'yield* Effect.spanEvent(`push:advance`',
        insert: 'before',
        locate: { call: 'Effect.spanEvent', argument: '`push:advance`', within: APPLYING, at: 'before' },
        fields: shared.FIELDS.notify,
      }),
      leaderPoint('apply:releaseLock/advance', {
        anchor: 'yield* materializeEventsBatch({ batchItems: mergeResult.newEvents, deferreds });',
        insert: 'after',
        locate: { call: 'materializeEventsBatch', within: APPLYING, at: 'after' },
      }),
      // backgroundBackendPulling(): each page from the backend, merged under the lock.
      shared.pullPage,
      shared.pullTrimmed,
      leaderPoint('pull:waitLock', {
        anchor: PULL_TAKES_LOCK,
        insert: 'before',
        locate: { ...PULL_LOCK_CALL, at: 'before' },
        fields: '{ seqs: __tmpSeqs(newEvents) }',
      }),
      leaderPoint('pull:gotLock', {
        anchor: PULL_TAKES_LOCK,
        insert: 'after',
        locate: { ...PULL_LOCK_CALL, at: 'after' },
        fields: '{ seqs: __tmpSeqs(newEvents) }',
        gate: 'pull',
      }),
      leaderPoint('pull:releaseLock', {
        anchor: 'if (pullMutexHeld === false) return; pullMutexHeld = false;',
        insert: 'after',
      }),
      leaderPoint('pull:rebase', {
        anchor: 'yield* Effect.spanEvent(`pull:rebase[',
        insert: 'before',
        locate: { call: 'Effect.spanEvent', argument: '`pull:rebase[', within: 'onNewPullChunk', at: 'before' },
        fields: shared.FIELDS.pullRebase,
      }),
      leaderPoint('notify:rebase', {
        anchor: '} else { yield* Effect.spanEvent(`pull:advance`',
        insert: 'before',
        fields: shared.FIELDS.notify,
      }),
      leaderPoint('pull:advance', {
        anchor: 'yield* Effect.spanEvent(`pull:advance`',
        insert: 'before',
        locate: { call: 'Effect.spanEvent', argument: '`pull:advance`', within: 'onNewPullChunk', at: 'before' },
        fields: shared.FIELDS.pullAdvance,
      }),
      shared.backendPush,
      shared.backendPushOk,
      shared.backendPushErr,
    ],
    session: replacingPoints(dev8.files.session, [
      // push(): the session's own commit, queued for the leader.
      sessionPoint('local-push', {
        anchor: 'yield* BucketQueue.offerAll(leaderPushQueue, mergeResult.newEvents);',
        insert: 'before',
        locate: { call: 'BucketQueue.offerAll', within: 'push', at: 'before' },
        fields:
          '{ batchSize: mergeResult.newEvents.length, seqs: __tmpSeqs(mergeResult.newEvents), pending: mergeResult.newSyncState.pending.length }',
      }),
    ]),
  },
}
