import { makeDurableObject } from '@livestore/sync-cf/cf-worker'
import type { DropSocketsBody, FaultResult } from '../../apps/contract/control-routes.ts'
import { backendHooks } from './backend-hooks.ts'
import { CommitHold } from './commit-hold.ts'
import { clearD1Eventlog } from './d1-eventlog.ts'
import type { Env, HarnessControlledDO } from './env.ts'
import { holdWhile } from './faults.ts'
import { handleHarnessRequest } from './harness-routes.ts'
import { livestoreWorkerApi } from './livestore-api.ts'
import { filterSends } from './page-rewrite.ts'
import { handleSync } from './sync-requests.ts'
import { isolateIdentity, logTmp } from './tmp-log.ts'
import { inStoreOf, storeOfSocket } from './ws-messages.ts'

export { ReplicaDO } from './replica.ts'

export class SyncBackendDO extends makeDurableObject(backendHooks) implements HarnessControlledDO {
  private readonly commitHold = new CommitHold()
  private readonly eventlogDb: D1Database | undefined

  constructor(
    private readonly state: DurableObjectState,
    env: Env,
  ) {
    super(state, env)
    // A new instance: after an eviction or a hibernation, its WebSockets are still there.
    const sockets = state.getWebSockets()
    const [socket] = sockets
    logTmp('do:start', { storeId: state.id.name ?? (socket && storeOfSocket(socket)), sockets: sockets.length })
    this.eventlogDb = env.DB
    // sync-cf commits each push through the state's `blockConcurrencyWhile`: the commit hold's barrier.
    state.blockConcurrencyWhile = this.commitHold.wrap(state.blockConcurrencyWhile.bind(state))
    // sync-cf installs these per instance; wrapping them lets fault injection see every socket
    // before sync-cf writes to it (catch-up pages and live broadcasts alike).
    const { fetch, webSocketMessage, webSocketClose } = this as unknown as DurableObjectHandlers
    const patchSockets = () => {
      for (const ws of this.state.getWebSockets()) filterSends(ws)
    }
    Object.assign(this, {
      fetch: async (request: Request) => {
        patchSockets()
        return fetch(request)
      },
      webSocketMessage: async (ws: WebSocket, message: string | ArrayBuffer) => {
        filterSends(ws)
        patchSockets()
        this.commitHold.onFrame(ws, storeOfSocket(ws), message)
        // 0.3.1's hooks are not told the store: they read it from the context of the message.
        return livestoreWorkerApi.rpcTransports
          ? webSocketMessage(ws, message)
          : inStoreOf(ws, () => webSocketMessage(ws, message))
      },
      // A socket's close interrupts its requests in sync-cf: `ws:close` once that has been set off,
      // `ws:closed` once sync-cf's handler is done (it waits for the requests it interrupted).
      webSocketClose: async (ws: WebSocket, code: number, reason: string, wasClean: boolean) => {
        const pusher = ws === this.commitHold.heldPusher
        const closing = webSocketClose(ws, code, reason, wasClean)
        logTmp('ws:close', { storeId: storeOfSocket(ws), code, heldPusher: pusher })
        await closing
        logTmp('ws:closed', { storeId: storeOfSocket(ws), heldPusher: pusher })
      },
    })
  }

  /**
   * Harness "drop": closes every WebSocket of this store from the server side with a close code,
   * or (`abort`) resets the instance so they break without a close frame. SQLite storage survives.
   */
  async harnessDropSockets(storeId: string, body: DropSocketsBody): Promise<FaultResult> {
    const held = this.commitHold.heldPusher
    if (body.heldPusher === true && held === undefined)
      throw new Error(`no push of store ${storeId} is held after its commit`)
    const sockets = body.heldPusher === true && held !== undefined ? [held] : this.state.getWebSockets()
    const code = body.code ?? 1011
    logTmp('fault:drop-sockets', {
      storeId,
      sockets: sockets.length,
      code,
      abort: body.abort === true,
      heldPusher: body.heldPusher === true,
    })
    if (body.abort === true) this.resetInstance('sockets aborted by the harness')
    else for (const ws of sockets) ws.close(code, body.reason ?? 'dropped by the harness')
    return { storeId, sockets: sockets.length }
  }

  /** Harness "restart": the instance is reset (in-memory head, sockets); its SQLite storage survives. */
  async harnessRestart(storeId: string): Promise<FaultResult> {
    const sockets = this.state.getWebSockets().length
    logTmp('fault:restart-do', { storeId, sockets })
    this.resetInstance('restarted by the harness')
    return { storeId, sockets }
  }

  private resetInstance(reason: string): void {
    this.state.blockConcurrencyWhile(async () => this.state.abort(reason)).catch(() => undefined)
  }

  /**
   * The WebSockets with a live pull stream open on them (their attachment lists its request).
   * sync-cf parks each such stream in `Effect.never`, a pending interval: workerd, like Cloudflare,
   * neither evicts nor hibernates an instance while one is open.
   */
  async harnessLivePulls(): Promise<number> {
    return this.state.getWebSockets().filter((ws) => livePullsOf(ws) > 0).length
  }

  /** Which isolate runs this Durable Object: the harness's faults and log reads reach it only if the worker's does too. */
  async harnessIsolate(): Promise<string> {
    return isolateIdentity()
  }

  /** Harness "clear": wipes this store and drops the instance so its in-memory head goes too. */
  async harnessClear(storeId: string): Promise<void> {
    await this.state.storage.deleteAll()
    await clearD1Eventlog(this.eventlogDb, storeId)
    this.resetInstance('cleared by the harness')
  }
}

interface DurableObjectHandlers {
  fetch: (request: Request) => Promise<Response>
  webSocketMessage: (ws: WebSocket, message: string | ArrayBuffer) => Promise<void>
  webSocketClose: (ws: WebSocket, code: number, reason: string, wasClean: boolean) => Promise<void>
}

/** The store a sync request is for (every sync-cf version puts it in the query), before sync-cf sees it. */
const syncStoreId = (request: Request): string | undefined => {
  const url = new URL(request.url)
  return url.pathname.startsWith('/sync') ? (url.searchParams.get('storeId') ?? undefined) : undefined
}

/** How many pull requests a socket's attachment lists (sync-cf 0.4.0's `pullRequestIds`; 0 where it keeps none). */
const livePullsOf = (ws: WebSocket): number => {
  try {
    const attachment: unknown = ws.deserializeAttachment()
    const decoded = typeof attachment === 'string' ? (JSON.parse(attachment) as { pullRequestIds?: unknown }) : {}
    return Array.isArray(decoded.pullRequestIds) ? decoded.pullRequestIds.length : 0
  } catch {
    return 0
  }
}

const hasAuthToken = (payload: unknown, token: string) =>
  typeof payload === 'object' && payload !== null && (payload as { authToken?: unknown }).authToken === token

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const harnessResponse = await handleHarnessRequest(request, env)
    if (harnessResponse !== undefined) return harnessResponse

    // The blackhole fault: a new connection of that store hangs, unanswered, until it is lifted.
    const storeId = syncStoreId(request)
    if (storeId !== undefined) await holdWhile(storeId, 'refuseConnections', 'fault:refuse-connection')
    // A client's connection (the harness's reads reach the Durable Object directly): every version's
    // evidence of a reconnect, where a pull request is not (0.3.1 pushes on a new socket without one).
    if (storeId !== undefined && request.headers.get('Upgrade') === 'websocket') logTmp('ws:connect', { storeId })
    const syncResponse = handleSync(request, env, ctx, (payload) => {
      if (!hasAuthToken(payload, env.SYNC_AUTH_TOKEN)) throw new Error('invalid sync auth token')
    })
    return syncResponse ?? env.ASSETS.fetch(request)
  },
} satisfies ExportedHandler<Env>
