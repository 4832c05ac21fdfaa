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
  stop(): Promise<void>
}
