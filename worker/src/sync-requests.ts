import * as SyncCf from '@livestore/sync-cf/cf-worker'
import type { Env } from './env.ts'
import { livestoreWorkerApi } from './livestore-api.ts'

type SearchParams = NonNullable<ReturnType<typeof SyncCf.matchSyncRequest>>
type ValidatePayload = (payload: unknown) => void

/**
 * sync-cf's `handleSyncRequest`, seen through the arguments this worker passes: its own generic
 * signature sends TypeScript into "excessively deep" instantiation with this env.
 */
type SyncRequestHandler = (args: {
  request: Request
  searchParams: SearchParams
  env: Env
  ctx: ExecutionContext
  syncBackendBinding: 'SYNC_BACKEND_DO'
  validatePayload: ValidatePayload
}) => Promise<Response>

/** What sync-cf 0.4.0-dev.8 and 0.3.1 export instead; absent from the repository's own (0.4.0) types. */
interface LegacySyncCf {
  getSyncRequestSearchParams: (request: Request) => { _tag: 'Some'; value: SearchParams } | { _tag: 'None' }
  handleSyncRequest: (args: {
    request: Request
    searchParams: SearchParams
    env: Env
    ctx: ExecutionContext
    options: { validatePayload: ValidatePayload; durableObject: { name: 'SYNC_BACKEND_DO' } }
  }) => Promise<Response>
  handleWebSocket: (
    request: Request,
    env: Env,
    ctx: ExecutionContext,
    options: { validatePayload: ValidatePayload; durableObject: { name: 'SYNC_BACKEND_DO' } },
  ) => Promise<Response>
}
const legacy = SyncCf as unknown as LegacySyncCf

/** Where the app's sync clients connect (`<origin>/sync`). */
const SYNC_PATH = '/sync'

/** 0.3.1's client connects to `<url>/websocket`, the app's url being `<origin>/sync`. */
const LEGACY_WEBSOCKET_PATH = '/sync/websocket'

/** A sync request handed to the store's Durable Object, or undefined when `request` is none. */
export const handleSync = (
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  validatePayload: ValidatePayload,
): Promise<Response> | undefined => {
  const options = { validatePayload, durableObject: { name: 'SYNC_BACKEND_DO' } } as const
  // sync-cf matches any URL with its query: the app's own page (`/?storeId=…&transport=http`) has one.
  if (!new URL(request.url).pathname.startsWith(SYNC_PATH)) return undefined
  switch (livestoreWorkerApi.syncRequests) {
    case 'matchSyncRequest': {
      const searchParams = SyncCf.matchSyncRequest(request)
      if (searchParams === undefined) return undefined
      const handle = SyncCf.handleSyncRequest as unknown as SyncRequestHandler
      return handle({ request, searchParams, env, ctx, syncBackendBinding: 'SYNC_BACKEND_DO', validatePayload })
    }
    case 'getSyncRequestSearchParams': {
      const searchParams = legacy.getSyncRequestSearchParams(request)
      if (searchParams._tag === 'None') return undefined
      return legacy.handleSyncRequest({ request, searchParams: searchParams.value, env, ctx, options })
    }
    case 'handleWebSocket':
      if (new URL(request.url).pathname !== LEGACY_WEBSOCKET_PATH) return undefined
      return legacy.handleWebSocket(request, env, ctx, options)
  }
}
