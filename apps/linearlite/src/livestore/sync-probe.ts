import type { Store } from '@livestore/livestore'
import { Effect } from '@livestore/utils/effect'
import { formatSeq } from '../../../contract/seq.ts'
import type { SyncSide, SyncSnapshot } from '../../../contract/sync-snapshot.ts'
import { livestoreApi } from './api.ts'

interface RawSeq {
  global: number
  client: number
  rebaseGeneration: number
}
interface RawSyncState {
  localHead: RawSeq
  upstreamHead: RawSeq
  pending: readonly { seqNum: RawSeq; name: string; args: unknown }[]
}

const side = (state: RawSyncState): SyncSide => ({
  localHead: formatSeq(state.localHead),
  upstreamHead: formatSeq(state.upstreamHead),
  pending: state.pending.map((event) => ({ seq: formatSeq(event.seqNum), name: event.name, args: event.args })),
})

const withTimeout = <A>(promise: Promise<A>, ms: number): Promise<A | 'timeout'> =>
  Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))])

/** The two parts of the store the probe reads: structural, so any schema's store fits. */
type ProbedStore = Pick<Store, '_dev' | 'networkStatus'>

/** Where 0.3.1's `_dev.syncStates()` takes the states from; not part of the repository's (0.4.0) types. */
interface LegacyStore {
  syncProcessor: { syncState: Effect.Effect<RawSyncState> }
  clientSession: { leaderThread: { getSyncState: Effect.Effect<RawSyncState> } }
}

type RawSyncStates = { session: RawSyncState; leader: RawSyncState }

/** What `_dev.syncStates()` reads, read directly where it only logs them (0.3.1). */
const syncStatesOf = (store: ProbedStore): Promise<RawSyncStates> =>
  livestoreApi.syncStatesAnswers
    ? (store._dev.syncStates() as Promise<RawSyncStates>)
    : Effect.runPromise(
        Effect.all({
          session: (store as unknown as LegacyStore).syncProcessor.syncState,
          leader: (store as unknown as LegacyStore).clientSession.leaderThread.getSyncState,
        }),
      )

const readOnline = async (store: ProbedStore): Promise<boolean | null> => {
  if (!livestoreApi.hasNetworkStatus) return null
  const status = await withTimeout(Effect.runPromise(store.networkStatus), 200)
  return status === 'timeout' ? null : status.isConnected
}

/**
 * Reads the session's and the leader's sync state. This is the one place that knows LiveStore's
 * debug API; the sync indicator and the harness (through `window.__harnessProbe`) both use it.
 * `_dev.syncStates()` can hang during a stall, so every read is bounded.
 */
type SnapshotListener = (snapshot: SyncSnapshot) => void
const listeners = new Set<SnapshotListener>()
let readsStarted = 0
let newestShown = 0

/**
 * Every snapshot read from now on, by anyone (the indicator or the harness), newest read first
 * wins: the indicator shows what the harness last read without reading as often itself.
 */
export const onSyncSnapshot = (listener: SnapshotListener): (() => void) => {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export const readSyncSnapshot = async (store: ProbedStore, timeoutMs: number): Promise<SyncSnapshot> => {
  const read = ++readsStarted
  const states = await withTimeout(syncStatesOf(store), timeoutMs)
  const snapshot: SyncSnapshot =
    states === 'timeout'
      ? { answered: false, reason: `_dev.syncStates() did not answer within ${timeoutMs} ms` }
      : { answered: true, session: side(states.session), leader: side(states.leader), online: await readOnline(store) }
  if (read > newestShown) {
    newestShown = read
    for (const listener of listeners) listener(snapshot)
  }
  return snapshot
}
