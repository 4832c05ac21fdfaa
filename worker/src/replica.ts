import { DurableObject } from 'cloudflare:workers'
import type { Store } from '@livestore/livestore'
import * as SyncCfClient from '@livestore/sync-cf/client'
import { formatTmpLine } from '../../apps/contract/tmp-line.ts'
import { readEventlog } from '../../apps/linearlite/src/livestore/eventlog-probe.ts'
import { events, schema } from '../../apps/linearlite/src/livestore/schema.ts'
import { readSyncSnapshot } from '../../apps/linearlite/src/livestore/sync-probe.ts'
import type { Env, HarnessReplica } from './env.ts'
import { logTmp } from './tmp-log.ts'

/** The replica's client id: the verdict names it beside the tabs' A, B, … */
export const REPLICA_CLIENT_ID = 'replica'

/** Set in the replica's storage once the harness opened it: a command to a store without one is refused. */
const OPENED_KEY = 'harness:replica-opened'

/** `[TMP][client]` lines of the replica's session, printed as a tab's page prints them. */
const logSession = (name: string, fields: Record<string, unknown>) => console.log(formatTmpLine('client', name, fields))

export class ReplicaNotOpenError extends Error {}

/**
 * `createStoreDoPromise`, seen through the arguments this worker passes: its own generic signature
 * sends TypeScript into "excessively deep" instantiation with this env.
 */
type CreateStoreDo = (options: {
  schema: typeof schema
  storeId: string
  clientId: string
  sessionId: string
  durableObject: { ctx: DurableObjectState; env: Env; bindingName: 'REPLICA_DO' }
  syncBackendStub: DurableObjectStub
  livePull: boolean
}) => Promise<Store<typeof schema>>

/**
 * A Cloudflare replica: a LiveStore store (the app's schema) inside a Durable Object of this
 * worker, through `@livestore/adapter-cloudflare`, syncing to the store's sync backend over
 * DO-RPC (`makeDoRpcSync`, live pull on). One per store (named by it). The store lives in the
 * instance's memory and its state in the object's SQLite storage: an eviction takes the first,
 * and the next command boots it again from the second, as Cloudflare does.
 */
export class ReplicaDO extends DurableObject<Env> implements HarnessReplica {
  private store: Promise<Store<typeof schema>> | undefined

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    // A new instance: after an eviction, its store boots again from storage on the next command or update.
    logTmp('replica:start', { storeId: ctx.id.name })
  }

  private async boot(storeId: string): Promise<Store<typeof schema>> {
    // Loaded only here: the adapter exists from LiveStore 0.4.0-dev.22 on, and the worker is built for every version.
    const { createStoreDoPromise } = (await import('@livestore/adapter-cloudflare')) as unknown as {
      createStoreDoPromise: CreateStoreDo
    }
    const startedAt = Date.now()
    const store = await createStoreDoPromise({
      schema,
      storeId,
      clientId: REPLICA_CLIENT_ID,
      sessionId: 'replica-session',
      durableObject: { ctx: this.ctx, env: this.env, bindingName: 'REPLICA_DO' },
      syncBackendStub: this.env.SYNC_BACKEND_DO.get(this.env.SYNC_BACKEND_DO.idFromName(storeId)),
      livePull: true,
    })
    logSession('store:ready', { storeId, device: 'replica', ms: Date.now() - startedAt })
    return store
  }

  private storeOf(storeId: string): Promise<Store<typeof schema>> {
    this.store ??= this.boot(storeId).catch((error: unknown) => {
      this.store = undefined
      logSession('store:error', { message: error instanceof Error ? error.message : String(error) })
      throw error
    })
    return this.store
  }

  private async opened(storeId: string): Promise<Store<typeof schema>> {
    if ((await this.ctx.storage.get(OPENED_KEY)) !== true)
      throw new ReplicaNotOpenError(`store ${storeId} has no replica: open one first (app.openReplica())`)
    return this.storeOf(storeId)
  }

  /** Opens the replica: boots its store (it pulls the store's events from the backend). */
  async harnessReplicaOpen(storeId: string): Promise<void> {
    await this.ctx.storage.put(OPENED_KEY, true)
    await this.storeOf(storeId)
  }

  /** A priority change, committed as the app's menu does, and logged as its click is (`ui:commit`). */
  async harnessReplicaCommit(storeId: string, issueId: number, priority: number): Promise<void> {
    const store = await this.opened(storeId)
    store.commit(events.updateIssuePriority({ id: issueId, priority: priority as 0, modified: new Date() }))
    logSession('ui:commit', { event: 'v1.UpdateIssuePriority', issueId, priority, device: 'replica' })
  }

  async harnessReplicaSyncState(storeId: string, timeoutMs: number) {
    return readSyncSnapshot(await this.opened(storeId), timeoutMs)
  }

  async harnessReplicaEventlog(storeId: string, untilGlobal: number, timeoutMs: number) {
    return readEventlog(await this.opened(storeId), untilGlobal, timeoutMs)
  }

  /** The sync backend's live pull, over DO-RPC: handed to LiveStore's client. */
  async syncUpdateRpc(payload: unknown): Promise<void> {
    logTmp('replica:sync-update', { booted: this.store !== undefined })
    await SyncCfClient.handleSyncUpdateRpc(payload)
  }
}
