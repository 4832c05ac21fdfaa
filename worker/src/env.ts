import type { DropSocketsBody, FaultResult } from '../../apps/contract/control-routes.ts'

/** What the harness's control routes call on a store's Durable Object (index.ts implements it). */
export interface HarnessControlledDO extends Rpc.DurableObjectBranded {
  harnessDropSockets(storeId: string, body: DropSocketsBody): Promise<FaultResult>
  harnessRestart(storeId: string): Promise<FaultResult>
  harnessIsolate(): Promise<string>
  harnessLivePulls(): Promise<number>
  harnessClear(storeId: string): Promise<void>
}

export interface Env {
  SYNC_BACKEND_DO: DurableObjectNamespace<HarnessControlledDO>
  ASSETS: Fetcher
  /** The token every sync client must send in its payload (`{ authToken }`). */
  SYNC_AUTH_TOKEN: string
  /** sync-cf before 0.4.0-dev.12 keeps the eventlog in D1: bound only then. */
  DB?: D1Database
  /** Set only when the harness starts the worker: enables `/__harness/*` and is required by it. */
  HARNESS_CONTROL_TOKEN?: string
}
