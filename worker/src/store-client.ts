import * as SyncCfClient from '@livestore/sync-cf/client'
import { Effect, FetchHttpClient, KeyValueStore, Option, Stream } from '@livestore/utils/effect'
import { encodeAppend, type NewEvent, type StoredEvent } from '../../apps/contract/control-routes.ts'
import type { Env } from './env.ts'
import { livestoreWorkerApi } from './livestore-api.ts'
import { appendEventsOverWebSocket, readEventsOverWebSocket } from './ws-messages.ts'

/**
 * Talks to one store's Durable Object with LiveStore's own HTTP sync client, its fetch wired to the
 * Durable Object stub: reads and writes take exactly the path a real client's do, hooks included.
 */
/** Marks the harness's own reads, so the backend's log says `harness:read` instead of `pull:req`. */
export const HARNESS_PAYLOAD = { harness: true }

const runWithBackend = <A>(
  env: Env,
  storeId: string,
  clientId: string,
  use: (
    backend: Effect.Effect.Success<ReturnType<ReturnType<typeof SyncCfClient.makeHttpSync>>>,
  ) => Effect.Effect<A, unknown>,
): Promise<A> => {
  const stub = env.SYNC_BACKEND_DO.get(env.SYNC_BACKEND_DO.idFromName(storeId))
  const stubFetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    stub.fetch(new Request(input, init))) as unknown as typeof globalThis.fetch
  return Effect.gen(function* () {
    const backend = yield* SyncCfClient.makeHttpSync({
      url: 'http://durable-object.internal/sync',
      ping: { enabled: false },
    })({
      storeId,
      clientId,
      payload: HARNESS_PAYLOAD,
    })
    return yield* use(backend)
  }).pipe(
    Effect.scoped,
    Effect.provide(FetchHttpClient.layer),
    Effect.provideService(FetchHttpClient.Fetch, stubFetch),
    Effect.provide(KeyValueStore.layerMemory),
    Effect.runPromise,
  )
}

const readOverHttp = (env: Env, storeId: string): Promise<StoredEvent[]> =>
  runWithBackend(env, storeId, 'harness-reader', (backend) =>
    backend.pull(Option.none()).pipe(
      Stream.runCollect,
      Effect.map((pages) => [...pages].flatMap((page) => page.batch.map((item) => ({ ...item.eventEncoded })))),
    ),
  )

const appendOverHttp = (env: Env, storeId: string, clientId: string, events: readonly NewEvent[]) =>
  runWithBackend(env, storeId, clientId, (backend) =>
    Effect.gen(function* () {
      const existing = yield* backend.pull(Option.none()).pipe(Stream.runCollect)
      const head = [...existing].flatMap((page) => page.batch).at(-1)?.eventEncoded.seqNum ?? 0
      const batch = encodeAppend(events, head, clientId)
      yield* backend.push(batch as never)
      return head + events.length
    }),
  )

/** sync-cf before 0.4.0-dev.8 has no HTTP transport: the harness speaks its WebSocket messages instead. */
export const readStoreEvents = (env: Env, storeId: string): Promise<StoredEvent[]> =>
  livestoreWorkerApi.rpcTransports ? readOverHttp(env, storeId) : readEventsOverWebSocket(env, storeId)

/** Appends events after the store's current head, as one writer `clientId`; returns the new head. */
export const appendStoreEvents = (
  env: Env,
  storeId: string,
  clientId: string,
  events: readonly NewEvent[],
): Promise<number> =>
  livestoreWorkerApi.rpcTransports
    ? appendOverHttp(env, storeId, clientId, events)
    : appendEventsOverWebSocket(env, storeId, clientId, events)
