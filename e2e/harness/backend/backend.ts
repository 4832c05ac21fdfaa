import { KnownError } from '../base/known-errors.ts'
import type { BackendControl } from './control-client.ts'

/** One line of the worker's output, as it was logged. */
export type BackendLineListener = (text: string, level: 'log' | 'error') => void

/** Where the sync worker runs: Miniflare started by the harness (miniflare.ts), or a worker the user runs (remote.ts). */
export interface Backend {
  url: URL
  control: BackendControl
  /** Subscribes to the worker's output (a remote worker's `[TMP]` lines only), line by line; returns the unsubscribe function. */
  onLine(listener: BackendLineListener): () => void
  /** Why the backend is gone, once workerd has exited or a remote worker stopped answering; `undefined` while it runs. */
  exitReason(): string | undefined
  /**
   * Stops workerd and starts a new one on the same port and the same persisted state (Durable
   * Object storage lives in a temporary folder, removed by `stop`); open pages stay open.
   * Absent where the harness does not run the backend (`--backend-url`).
   */
  restart?: () => Promise<void>
  /**
   * Deploys: workerd restarted on new worker code (the bundle with a new deployment banner), same
   * port and persisted state, streams cut as the process goes. Absent like `restart`.
   */
  deploy?: () => Promise<void>
  /**
   * Evicts the store's Durable Object as workerd does (its test-only `unsafe.evict`): the instance
   * goes once it is idle, its storage stays; `hibernate` keeps its WebSockets open (they wake the
   * next instance), `close` breaks them. Absent like `restart`.
   */
  evict?: (object: EvictedObject, storeId: string, webSockets: 'hibernate' | 'close') => Promise<void>
  stop(): Promise<void>
}

/** The Durable Objects of a store the harness can evict: its sync backend, its replica. */
export type EvictedObject = 'backend' | 'replica'

/** Each one's binding (worker/wrangler.jsonc), and the line its constructor logs: a new instance. */
export const EVICTABLE: Record<EvictedObject, { binding: string; start: string }> = {
  backend: { binding: 'SYNC_BACKEND_DO', start: 'do:start' },
  replica: { binding: 'REPLICA_DO', start: 'replica:start' },
}

/** An eviction asked of a Durable Object that has no running instance. */
export class DurableObjectNotRunningError extends KnownError {}

export const notRunning = (object: EvictedObject, storeId: string): string =>
  `cannot evict the ${object === 'backend' ? 'sync backend' : 'replica'} of store ${storeId}: it is not running (never started, or already evicted or hibernated)`

/** An eviction asked of a Durable Object that something keeps active (workerd would wait 30 s, then refuse). */
export class DurableObjectBusyError extends KnownError {}
