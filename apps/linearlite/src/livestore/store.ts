import { makePersistedAdapter } from '@livestore/adapter-web'
import LiveStoreSharedWorker from '@livestore/adapter-web/shared-worker?sharedworker'
import { createStorePromise, type Store } from '@livestore/livestore'
import { unstable_batchedUpdates as batchUpdates } from 'react-dom'
import type { BootWaitWindow } from '../../../contract/boot-wait.ts'
import type { SyncPayload, TabTransport } from '../../../contract/device-kind.ts'
import { parseSeq } from '../../../contract/seq.ts'
import { logClient } from '../tmp-log.ts'
import LeaderWorker from './leader.worker.ts?worker'
import { events, schema } from './schema.ts'
import { readSyncSnapshot } from './sync-probe.ts'

export interface AppConfig {
  storeId: string
  authToken: string
  /**
   * `?quietBoot=1`: set the UI state only once the initial pull has reached the session, so boot
   * makes no rebase. By default it is set at once, racing the pull, as LinearLite does.
   */
  quietBoot: boolean
  /** `?transport=http`: the leader syncs over HTTP instead of WebSocket (the device kind `http-tab`). */
  transport: TabTransport
}

/** The store id comes from the URL so that every test gets a fresh store. */
export const readAppConfig = (location: Location): AppConfig => {
  const params = new URLSearchParams(location.search)
  return {
    storeId: params.get('storeId') ?? 'linearlite-demo',
    authToken: params.get('authToken') ?? import.meta.env.VITE_SYNC_AUTH_TOKEN ?? 'insecure-token-change-me',
    quietBoot: params.get('quietBoot') === '1',
    transport: params.get('transport') === 'http' ? 'http' : 'ws',
  }
}

const adapter = makePersistedAdapter({
  worker: LeaderWorker,
  sharedWorker: LiveStoreSharedWorker,
  storage: { type: 'opfs' },
})

export type AppStore = Store<typeof schema>

const INITIAL_PULL_TIMEOUT_MS = 10_000

const initialPull = async (store: AppStore, startedAt: number, ended: () => boolean): Promise<void> => {
  while (!ended() && performance.now() - startedAt < INITIAL_PULL_TIMEOUT_MS) {
    const snapshot = await readSyncSnapshot(store, 1000)
    if (snapshot.answered && (parseSeq(snapshot.session.upstreamHead)?.global ?? 0) > 0) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Bounded: a store the backend has nothing for never gets an initial pull. The harness ends the
 * wait early, with its evidence, when the pull cannot come (`BootWaitWindow`).
 */
const waitForInitialPull = async (store: AppStore): Promise<void> => {
  const startedAt = performance.now()
  const bootWait = window as BootWaitWindow
  let endedBy: string | undefined
  const ended = new Promise<void>((resolve) => {
    bootWait.__harnessEndBootWait = (evidence) => {
      endedBy = evidence
      resolve()
    }
  })
  await Promise.race([initialPull(store, startedAt, () => endedBy !== undefined), ended])
  delete bootWait.__harnessEndBootWait
  logClient('boot:initial-pull', {
    ms: Math.round(performance.now() - startedAt),
    ...(endedBy === undefined ? {} : { endedBy }),
  })
}

export const createAppStore = async ({ storeId, authToken, quietBoot, transport }: AppConfig): Promise<AppStore> => {
  const startedAt = performance.now()
  const store = await createStorePromise({
    schema,
    adapter,
    storeId,
    batchUpdates,
    syncPayload: { authToken, transport } satisfies SyncPayload,
    disableDevtools: true,
    // A beforeunload prompt would block closing the page in a test.
    confirmUnsavedChanges: false,
  })
  logClient('store:ready', { storeId, transport, ms: Math.round(performance.now() - startedAt) })
  if (quietBoot) await waitForInitialPull(store)
  // LinearLite sets its UI state at start-up: three client-document events, as in the seed (e0+1..e0+3).
  // Each is logged as a commit, so a boot that stalls can be followed like a user's change.
  for (const event of [
    events.frontendStateSet({ user: 'harness', showToolbar: true }),
    events.filterStateSet({ orderBy: 'created', orderDirection: 'asc', status: null }),
    events.selectionStateSet({ selectedIssueId: null }),
  ]) {
    store.commit(event)
    logClient('ui:commit', { event: event.name, boot: true })
  }
  logClient('boot:client-documents', { count: 3 })
  return store
}
