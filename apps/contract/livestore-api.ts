/**
 * The LiveStore API differences the app must know about when built against an older version.
 * The harness computes them from the version under test and hands them to the app at build time.
 */
export interface LivestoreAppApi {
  /** Before 0.4.0-dev.12: `store.subscribe(query, { onUpdate })`; since: `store.subscribe(query, onUpdate)`. */
  subscribeTakesOptions: boolean
  /** `store.networkStatus` exists since 0.4.0-dev.12. */
  hasNetworkStatus: boolean
}

/** What a plain build of the app (the repository's own LiveStore) assumes. */
export const CURRENT_API: LivestoreAppApi = { subscribeTakesOptions: false, hasNetworkStatus: true }

/** The name of the compile-time constant that carries it (Vite `define`). */
export const API_DEFINE = '__LIVESTORE_APP_API__'
