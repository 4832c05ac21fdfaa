import { handleSyncRequest, makeDurableObject, matchSyncRequest } from '@livestore/sync-cf/cf-worker'
import { backendHooks } from './backend-hooks.ts'
import type { Env } from './env.ts'
import { handleHarnessRequest } from './harness-routes.ts'

export class SyncBackendDO extends makeDurableObject(backendHooks) {
  /** Harness "clear": wipes this store and drops the instance so its in-memory head goes too. */
  async harnessClear(): Promise<void> {
    await this.ctx.storage.deleteAll()
    this.ctx.blockConcurrencyWhile(async () => this.ctx.abort('cleared by the harness')).catch(() => undefined)
  }
}

const hasAuthToken = (payload: unknown, token: string) =>
  typeof payload === 'object' && payload !== null && (payload as { authToken?: unknown }).authToken === token

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const harnessResponse = await handleHarnessRequest(request, env)
    if (harnessResponse !== undefined) return harnessResponse

    const searchParams = matchSyncRequest(request)
    if (searchParams !== undefined) {
      return handleSyncRequest({
        request,
        searchParams,
        env,
        ctx,
        syncBackendBinding: 'SYNC_BACKEND_DO',
        validatePayload: (payload) => {
          if (!hasAuthToken(payload, env.SYNC_AUTH_TOKEN)) throw new Error('invalid sync auth token')
        },
      })
    }
    return env.ASSETS.fetch(request)
  },
} satisfies ExportedHandler<Env>
