import { leaderPoint, tapPoint } from '../point.ts'

/**
 * Tracepoints that read the same in several version groups, declared once. The other points of a
 * group sit in its own table; where only the anchor differs, the fields are shared from here.
 * Where a fix is likely to rewrite the text around a point (the push path, the pull's merge),
 * the point also has a locator: its place by the code's structure (types.ts).
 */

/** The leader's merge results, as its notify and pull points log them. */
export const FIELDS = {
  notify: '{ seqs: __tmpSeqs(mergeResult.newEvents), leaderHead: __tmpSeq(mergeResult.newSyncState.localHead) }',
  pullRebase:
    '{ newGeneration: mergeResult.newSyncState.localHead.rebaseGeneration, seqs: __tmpSeqs(newEvents), rollbackCount: mergeResult.rollbackEvents.length, pending: mergeResult.newSyncState.pending.length }',
  pullAdvance: '{ seqs: __tmpSeqs(newEvents), pending: mergeResult.newSyncState.pending.length }',
} as const

const VALIDATE = 'yield* validatePushBatch(newEvents, pushHeadRef.current)'
const BACKEND_PUSH =
  'const pushResult = yield* syncBackend.push(queueItems.map((_) => _.toGlobal())).pipe(Effect.either);'

// push(): a session's batch arrives, before validation against the push head. The `push` gate
// holds it before the leader takes it in (family D: a leader tab closing with a push in flight).
export const pushRecv = leaderPoint('push:recv', {
  anchor: VALIDATE,
  insert: 'before',
  locate: { call: 'validatePushBatch', within: 'push', at: 'before' },
  gateBefore: 'push',
  fields:
    '{ batchSize: newEvents.length, first: __tmpSeq(newEvents[0]), last: __tmpSeq(newEvents.at(-1)), waitForProcessing: options?.waitForProcessing ?? false }',
})

// push(): every item of a session's batch was applied or dropped (its deferreds settled); the
// leader answers the push next. The `push-answer` gate holds the answer (family D: a leader tab
// that closes with the answer unsent leaves the SharedWorker's request to it unanswered).
export const pushSettled = leaderPoint('push:settled', {
  anchor: 'yield* Effect.all(deferreds);',
  insert: 'after',
  locate: { call: 'Effect.all', argument: 'deferreds', within: 'push', at: 'after' },
  gate: 'push-answer',
  fields: '{ seqs: __tmpSeqs(newEvents) }',
})

export const pushRefused = tapPoint('leader', 'push:refused', {
  anchor: VALIDATE,
  locate: { call: 'validatePushBatch', within: 'push', at: 'after-call' },
  on: 'failure',
  form: 'pipe',
  fields:
    '{ error: __tmpError(error), expectedMin: __tmpSeq(error.minimumExpectedNum), provided: __tmpSeq(error.providedNum) }',
})

// backgroundApplyLocalPushes(): one batch taken from the queue.
export const applyTake = leaderPoint('apply:take', {
  anchor: 'const batchItems = yield* BucketQueue.takeBetween(localPushesQueue, 1, localPushBatchSize);',
  insert: 'after',
  locate: { call: 'BucketQueue.takeBetween', within: 'backgroundApplyLocalPushes', at: 'after' },
  fields: '{ seqs: __tmpSeqs(batchItems) }',
})

/**
 * From 0.4.0-dev.12 an old-generation batch is split, and the dropped items' deferreds are failed:
 * the session learns and resubmits. `unsettled` counts the dropped items without one (a push that
 * did not wait for processing), the only ones still dropped silently.
 */
export const dropOldGenPartitioned = leaderPoint('dropOldGen', {
  anchor: 'if (droppedItems.length > 0) {',
  insert: 'after',
  locate: { if: 'droppedItems.length > 0', within: 'backgroundApplyLocalPushes', at: 'body-start' },
  fields:
    '{ seqs: __tmpSeqs(droppedItems), currentRebaseGeneration, unsettled: droppedItems.filter((item) => item[1] === undefined).length }',
})

// onNewPullChunk(): the rollback rows below the new backend head are deleted and the page is not
// applied yet. The `pull-trimmed` gate holds the leader there: a tab that starts now reads a state
// without rollback rows (family G, docs/scenarios.md#g-a-tab-that-cannot-start-pr-1522).
export const pullTrimmed = leaderPoint('pull:trimmed', {
  anchor: 'trimChangesetRows(db, newBackendHead);',
  insert: 'after',
  locate: { call: 'trimChangesetRows', within: 'onNewPullChunk', at: 'after' },
  fields: '{ backendHead: __tmpSeq(newBackendHead) }',
  gate: 'pull-trimmed',
})

export const pushReject = leaderPoint('push:reject', {
  anchor: "case 'reject': {",
  insert: 'after',
  locate: { case: "'reject'", within: 'backgroundApplyLocalPushes', at: 'body-start' },
  fields: '{ expectedMin: __tmpSeq(mergeResult.expectedMinimumId), provided: __tmpSeq(newEvents[0]) }',
})

// The reject takes the queued items of the rejected batch's generation too, and fails their
// pushes: a session then re-pushes them only after a rebase from the leader, which a reject does
// not send. A batch already rebased onto the leader's head can be lost so (seen on 0.3.1). The
// anchor is the end of that take, whose filter differs by version.
export const pushRejectQueued = (takeEnd: string) =>
  leaderPoint('push:reject:queued', {
    anchor: takeEnd,
    insert: 'after',
    locate: { call: 'BucketQueue.takeSplitWhere', within: 'backgroundApplyLocalPushes', at: 'after' },
    when: 'remainingEventsMatchingGeneration.length > 0',
    fields: '{ seqs: __tmpSeqs(remainingEventsMatchingGeneration) }',
  })

export const pushAdvance = leaderPoint('push:advance', {
  anchor:
    'yield* SubscriptionRef.set(syncStateSref, mergeResult.newSyncState); yield* connectedClientSessionPullQueues.offer({ payload: SyncState.PayloadUpstreamAdvance.make(',
  insert: 'before',
  locate: { call: 'SubscriptionRef.set', within: 'backgroundApplyLocalPushes', at: 'before' },
  fields: '{ seqs: __tmpSeqs(mergeResult.newEvents) }',
})

// backgroundBackendPulling(): each page from the backend.
export const pullPage = leaderPoint('pull:page', {
  anchor: 'Stream.tap(({ batch, pageInfo }) => Effect.gen(function* () {',
  insert: 'after',
  locate: { call: 'Stream.tap', within: 'backgroundBackendPulling', at: 'body-start' },
  fields: '{ count: batch.length, seqs: __tmpSeqs(batch), pageInfo: pageInfo._tag, remaining: pageInfo.remaining }',
})

// backgroundBackendPushing(): every attempt (retries included) and its answer.
const BACKEND_PUSH_CALL = { call: 'syncBackend.push', within: 'backgroundBackendPushing' } as const

export const backendPush = leaderPoint('backend:push', {
  anchor: BACKEND_PUSH,
  insert: 'before',
  locate: { ...BACKEND_PUSH_CALL, at: 'before' },
  fields: '{ seqs: __tmpSeqs(queueItems), retry: iteration.recurrence }',
})

export const backendPushOk = leaderPoint('backend:push:ok', {
  anchor: BACKEND_PUSH,
  insert: 'after',
  locate: { ...BACKEND_PUSH_CALL, at: 'after' },
  when: "pushResult._tag === 'Right'",
  fields: '{ seqs: __tmpSeqs(queueItems) }',
})

export const backendPushErr = leaderPoint('backend:push:err', {
  anchor: BACKEND_PUSH,
  insert: 'after',
  locate: { ...BACKEND_PUSH_CALL, at: 'after' },
  when: "pushResult._tag === 'Left'",
  fields: '{ error: __tmpError(pushResult.left), seqs: __tmpSeqs(queueItems) }',
})

export const SYNC_ERROR_FIELDS = "{ error: cause._tag === 'Fail' ? cause.error._tag : cause._tag }"

// boot(): the backend-pulling fiber ended (an error that is not retried, a defect): nothing forks it
// again, so no pull page reaches this leader any more. The error it ends on then goes to
// `maybeShutdownOnError`, as the other sync fibers' do: `sync:error-ignored` alone does not say whose.
export const pullEnded = tapPoint('leader', 'pull:ended', {
  anchor:
    'Effect.catchAllCause(maybeShutdownOnError), // Needed to avoid `Fiber terminated with an unhandled error` logs',
  on: 'cause',
  form: 'before-argument',
  fields: SYNC_ERROR_FIELDS,
})

// boot(): a sync fiber (backend pulling, applying local pushes) failed, and `onSyncError:
// 'ignore'` (the default) swallows the error. That fiber is over: nothing restarts it.
export const syncErrorIgnored = leaderPoint('sync:error-ignored', {
  anchor: "if (onError === 'ignore') {",
  insert: 'after',
  locate: { if: "onError === 'ignore'", within: 'maybeShutdownOnError', at: 'body-start' },
  fields: SYNC_ERROR_FIELDS,
})
