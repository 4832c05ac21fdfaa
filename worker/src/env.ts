import type { SyncBackendDO } from './index.ts'

export interface Env {
  SYNC_BACKEND_DO: DurableObjectNamespace<SyncBackendDO>
  ASSETS: Fetcher
  /** The token every sync client must send in its payload (`{ authToken }`). */
  SYNC_AUTH_TOKEN: string
  /** sync-cf before 0.4.0-dev.12 keeps the eventlog in D1: bound only then. */
  DB?: D1Database
  /** Set only when the harness starts the worker: enables `/__harness/*` and is required by it. */
  HARNESS_CONTROL_TOKEN?: string
}
