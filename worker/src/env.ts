import type { DropSocketsBody, FaultResult } from '../../apps/contract/control-routes.ts'
import type { EventlogRead } from '../../apps/contract/eventlog.ts'
import type { SyncSnapshot } from '../../apps/contract/sync-snapshot.ts'

/** What the harness's control routes call on a store's Durable Object (index.ts implements it). */
export interface HarnessControlledDO extends Rpc.DurableObjectBranded {
  harnessDropSockets(storeId: string, body: DropSocketsBody): Promise<FaultResult>
  harnessRestart(storeId: string): Promise<FaultResult>
  harnessIsolate(): Promise<string>
  harnessLivePulls(): Promise<number>
  harnessClear(storeId: string): Promise<void>
}

/** What the control routes call on a store's replica (replica.ts). */
export interface HarnessReplica extends Rpc.DurableObjectBranded {
  harnessReplicaOpen(storeId: string): Promise<void>
  harnessReplicaCommit(storeId: string, issueId: number, priority: number): Promise<void>
  harnessReplicaSyncState(storeId: string, timeoutMs: number): Promise<SyncSnapshot>
  harnessReplicaEventlog(storeId: string, untilGlobal: number, timeoutMs: number): Promise<EventlogRead>
}

export interface Env {
  SYNC_BACKEND_DO: DurableObjectNamespace<HarnessControlledDO>
  /** A Cloudflare replica per store: a LiveStore store inside a Durable Object, synced over DO-RPC. */
  REPLICA_DO: DurableObjectNamespace<HarnessReplica>
  ASSETS: Fetcher
  /** The token every sync client must send in its payload (`{ authToken }`). */
  SYNC_AUTH_TOKEN: string
  /** sync-cf before 0.4.0-dev.12 keeps the eventlog in D1: bound only then. */
  DB?: D1Database
  /** Set only when the harness starts the worker: enables `/__harness/*` and is required by it. */
  HARNESS_CONTROL_TOKEN?: string
}
