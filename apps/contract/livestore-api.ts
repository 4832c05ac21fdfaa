/**
 * The LiveStore API differences the app must know about when built against an older version.
 * The harness computes them from the version under test and hands them to the app at build time.
 */
export interface LivestoreAppApi {
  /** Before 0.4.0-dev.12: `store.subscribe(query, { onUpdate })`; since: `store.subscribe(query, onUpdate)`. */
  subscribeTakesOptions: boolean
  /** `store.networkStatus` exists since 0.4.0-dev.12. */
  hasNetworkStatus: boolean
  /** The WebSocket sync client's factory: `makeWsSync` of `@livestore/sync-cf/client`, or `makeCfSync` of 0.3.1's `@livestore/sync-cf`. */
  wsSyncFactory: 'makeWsSync' | 'makeCfSync'
  /** `store._dev.syncStates()` resolves to the session's and the leader's sync state; 0.3.1's only logs them. */
  syncStatesAnswers: boolean
}

/** What a plain build of the app (the repository's own LiveStore) assumes. */
export const CURRENT_API: LivestoreAppApi = {
  subscribeTakesOptions: false,
  hasNetworkStatus: true,
  wsSyncFactory: 'makeWsSync',
  syncStatesAnswers: true,
}

/** The name of the compile-time constant that carries it (Vite `define`). */
export const API_DEFINE = '__LIVESTORE_APP_API__'

/** The sync-cf API differences the worker must know about; handed to it at bundle time like the app's. */
export interface LivestoreWorkerApi {
  /**
   * How the worker recognises a sync request and hands it to the Durable Object: `matchSyncRequest`
   * (since 0.4.0-dev.9), `getSyncRequestSearchParams` returning an Option (0.4.0-dev.8), or the
   * `/websocket` path of `handleWebSocket` (0.3.1).
   */
  syncRequests: 'matchSyncRequest' | 'getSyncRequestSearchParams' | 'handleWebSocket'
  /**
   * Whether the Durable Object speaks Effect RPC (HTTP and WebSocket transports, hooks told the
   * store and payload); 0.3.1 speaks plain `WSMessage.*` JSON on a WebSocket and its hooks get the message only.
   */
  rpcTransports: boolean
}

export const CURRENT_WORKER_API: LivestoreWorkerApi = { syncRequests: 'matchSyncRequest', rpcTransports: true }

export const WORKER_API_DEFINE = '__LIVESTORE_WORKER_API__'
