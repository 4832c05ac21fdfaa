import { makeDurableObject } from '@livestore/sync-cf/cf-worker'
import { backendHooks } from './backend-hooks.ts'
import type { Env } from './env.ts'
import { handleHarnessRequest } from './harness-routes.ts'
import { livestoreWorkerApi } from './livestore-api.ts'
import { filterSends } from './page-rewrite.ts'
import { handleSync } from './sync-requests.ts'
import { inStoreOf } from './ws-messages.ts'

export class SyncBackendDO extends makeDurableObject(backendHooks) {
  constructor(
    private readonly state: DurableObjectState,
    env: Env,
  ) {
    super(state, env)
    // sync-cf installs these per instance; wrapping them lets fault injection see every socket
    // before sync-cf writes to it (catch-up pages and live broadcasts alike).
    const { fetch, webSocketMessage } = this as unknown as DurableObjectHandlers
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
        // 0.3.1's hooks are not told the store: they read it from the context of the message.
        return livestoreWorkerApi.rpcTransports
          ? webSocketMessage(ws, message)
          : inStoreOf(ws, () => webSocketMessage(ws, message))
      },
    })
  }

  /** Harness "clear": wipes this store and drops the instance so its in-memory head goes too. */
  async harnessClear(): Promise<void> {
    await this.state.storage.deleteAll()
    this.state.blockConcurrencyWhile(async () => this.state.abort('cleared by the harness')).catch(() => undefined)
  }
}

interface DurableObjectHandlers {
  fetch: (request: Request) => Promise<Response>
  webSocketMessage: (ws: WebSocket, message: string | ArrayBuffer) => Promise<void>
}

const hasAuthToken = (payload: unknown, token: string) =>
  typeof payload === 'object' && payload !== null && (payload as { authToken?: unknown }).authToken === token

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const harnessResponse = await handleHarnessRequest(request, env)
    if (harnessResponse !== undefined) return harnessResponse

    const syncResponse = handleSync(request, env, ctx, (payload) => {
      if (!hasAuthToken(payload, env.SYNC_AUTH_TOKEN)) throw new Error('invalid sync auth token')
    })
    return syncResponse ?? env.ASSETS.fetch(request)
  },
} satisfies ExportedHandler<Env>
