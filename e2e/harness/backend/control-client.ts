import {
  type AppendEventsBody,
  type DropSocketsBody,
  FaultResult,
  LivePulls,
  type NewEvent,
  type ReplicaCommitBody,
  StoreContents,
  type StoreFaults,
} from '../../../apps/contract/control-routes.ts'
import type { EventlogRead } from '../../../apps/contract/eventlog.ts'
import type { SyncSnapshot } from '../../../apps/contract/sync-snapshot.ts'
import { decodeData } from '../base/data-file.ts'

export type { NewEvent, StoredEvent } from '../../../apps/contract/control-routes.ts'

/** The harness side of the worker's `/__harness/*` routes (shapes: apps/contract/control-routes.ts). Every call is bounded. */
const CONTROL_TIMEOUT_MS = 10_000

export class BackendControl {
  constructor(
    private readonly baseUrl: URL,
    /** The worker's HARNESS_CONTROL_TOKEN. */
    readonly token: string,
    /** Explains a failed request, e.g. "the backend (workerd) exited". */
    private readonly describeFailure: () => string | undefined = () => undefined,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        // A fresh connection per call: reusing one the worker has just closed fails as "fetch failed".
        headers: { 'x-harness-token': this.token, 'content-type': 'application/json', connection: 'close' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS),
      })
    } catch (error) {
      // fetch says only "fetch failed"; its cause says why (a refused or closed connection).
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : ''
      const reason = this.describeFailure() ?? `${error instanceof Error ? error.message : String(error)}${cause}`
      throw new Error(`backend control ${method} ${path} failed: ${reason}`)
    }
    const payload = (await response.json().catch(() => ({}))) as T & { error?: string }
    if (!response.ok)
      throw new Error(`backend control ${method} ${path}: ${response.status} ${payload.error ?? ''}`.trim())
    return payload
  }

  private storePath(storeId: string) {
    return `/__harness/stores/${encodeURIComponent(storeId)}`
  }

  /** `sameIsolate`: whether the worker's Durable Objects run in its own isolate (always so in workerd). */
  health = () => this.call<{ ok?: boolean; sameIsolate?: boolean }>('GET', '/__harness/health')

  appendEvents = async (storeId: string, events: readonly NewEvent[], clientId?: string): Promise<number> => {
    const body: AppendEventsBody = { events, ...(clientId === undefined ? {} : { clientId }) }
    return (await this.call<{ head: number }>('POST', `${this.storePath(storeId)}/events`, body)).head
  }

  readStore = async (storeId: string): Promise<StoreContents> =>
    decodeData(StoreContents, await this.call('GET', this.storePath(storeId)), `the backend's store ${storeId}`)

  clearStore = async (storeId: string): Promise<void> => {
    await this.call('DELETE', this.storePath(storeId))
  }

  setFaults = async (storeId: string, faults: StoreFaults): Promise<void> => {
    await this.call('PUT', `${this.storePath(storeId)}/faults`, faults)
  }

  /** Closes the store's WebSockets from the server side (a close code, or `abort`); how many there were. */
  dropSockets = async (storeId: string, body: DropSocketsBody = {}): Promise<FaultResult> =>
    decodeData(FaultResult, await this.call('POST', `${this.storePath(storeId)}/sockets/drop`, body), 'a socket drop')

  /** Resets the store's Durable Object; its SQLite storage survives. */
  restartStore = async (storeId: string): Promise<FaultResult> =>
    decodeData(FaultResult, await this.call('POST', `${this.storePath(storeId)}/restart`), 'a restart')

  /** How many of the store's WebSockets have a live pull stream open on its Durable Object (each keeps it from being evicted). */
  livePulls = async (storeId: string): Promise<number> =>
    decodeData(LivePulls, await this.call('GET', `${this.storePath(storeId)}/live-pulls`), 'a live-pull count')
      .livePulls

  /** Opens the store's replica (a store inside a Durable Object, synced over DO-RPC): it boots and pulls. */
  openReplica = async (storeId: string): Promise<void> => {
    await this.call('POST', `${this.storePath(storeId)}/replica`)
  }

  /** A priority change in the store's replica; refused (404) for a store that has none. */
  replicaCommit = async (storeId: string, body: ReplicaCommitBody): Promise<void> => {
    await this.call('POST', `${this.storePath(storeId)}/replica/commit`, body)
  }

  /** The replica's sync snapshot, as a page's probe answers; `answered: false` when the route fails. */
  replicaSyncState = (storeId: string, timeoutMs: number): Promise<SyncSnapshot> =>
    this.call<SyncSnapshot>('GET', `${this.storePath(storeId)}/replica/sync-state?ms=${timeoutMs}`)

  replicaEventlog = (storeId: string, untilGlobal: number, timeoutMs: number): Promise<EventlogRead> =>
    this.call<EventlogRead>('GET', `${this.storePath(storeId)}/replica/eventlog?until=${untilGlobal}&ms=${timeoutMs}`)

  resetFaults = async (): Promise<void> => {
    await this.call('DELETE', '/__harness/faults')
  }
}
