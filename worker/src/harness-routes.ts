import type { Schema } from '@livestore/utils/effect'
import {
  AppendEventsBody,
  DropSocketsBody,
  ReplicaCommitBody,
  StoreFaults,
} from '../../apps/contract/control-routes.ts'
import { decodeOrProblem } from '../../apps/contract/decode.ts'
import { disarmBroadcastFailures } from './broadcast-failure.ts'
import type { Env } from './env.ts'
import { resetFaults, setStoreFaults } from './faults.ts'
import { livestoreWorkerApi } from './livestore-api.ts'
import { appendStoreEvents, readStoreEvents } from './store-client.ts'
import { isolateIdentity, tmpLinesAfter } from './tmp-log.ts'

const PREFIX = '/__harness/'
/** A Durable Object that holds no store, asked only which isolate it runs in. */
const ISOLATE_PROBE_STORE = '__harness-isolate-probe'

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/** The body, decoded with its route's schema; a body without that shape answers 400 naming the field. */
const readBody = async <A, I>(request: Request, schema: Schema.Schema<A, I>): Promise<A | Response> => {
  const raw: unknown = await request.json().catch(() => undefined)
  const decoded = decodeOrProblem(schema, raw)
  return decoded.ok ? decoded.value : json({ error: `malformed body: ${decoded.problem}` }, 400)
}

/**
 * Harness control routes. They exist only when the harness started the worker with a control
 * token, and answer only requests that carry it: a deployed worker has none of them.
 *
 *   GET    /__harness/health               → { ok, sameIsolate }: whether the Durable Objects run in this worker's isolate
 *   GET    /__harness/tmp-lines?after=n    → { next, dropped, lines }: the [TMP][backend] lines since the n-th
 *   GET    /__harness/stores/:storeId          → { head, count, events }
 *   POST   /__harness/stores/:storeId/events   { clientId?, events: [{ name, args }] } → { head }
 *   DELETE /__harness/stores/:storeId          wipes the store's Durable Object
 *   PUT    /__harness/stores/:storeId/faults   { holdPushes?, splitNextPage? } → injects faults into that store
 *   POST   /__harness/stores/:storeId/sockets/drop  { code?, reason?, abort?, heldPusher? } → closes its WebSockets (or the held pusher's)
 *   POST   /__harness/stores/:storeId/restart  resets its Durable Object (storage survives)
 *   GET    /__harness/stores/:storeId/live-pulls  → { livePulls }: WebSockets with a live pull stream on its Durable Object
 *   POST   /__harness/stores/:storeId/replica      opens its replica (a store in a Durable Object, synced over DO-RPC)
 *   POST   /__harness/stores/:storeId/replica/commit  { issueId, priority } → a priority change in the replica
 *   GET    /__harness/stores/:storeId/replica/sync-state?ms=n   → the replica's sync snapshot (as a page's probe answers)
 *   GET    /__harness/stores/:storeId/replica/eventlog?until=g&ms=n → its confirmed eventlog up to e<g>
 *   DELETE /__harness/faults                   removes every fault and releases held requests
 *
 * A fault, drop or restart for a store that holds no events is refused (404): a typo in a store id
 * must not silently inject nothing.
 */
export const handleHarnessRequest = async (request: Request, env: Env): Promise<Response | undefined> => {
  const url = new URL(request.url)
  if (!url.pathname.startsWith(PREFIX) || env.HARNESS_CONTROL_TOKEN === undefined) return undefined
  if (request.headers.get('x-harness-token') !== env.HARNESS_CONTROL_TOKEN) {
    return json({ error: 'missing or wrong x-harness-token' }, 403)
  }
  const [resource, rawStoreId, sub, action] = url.pathname.slice(PREFIX.length).split('/')
  if (resource === 'health') {
    const probe = env.SYNC_BACKEND_DO.get(env.SYNC_BACKEND_DO.idFromName(ISOLATE_PROBE_STORE))
    return json({ ok: true, sameIsolate: (await probe.harnessIsolate()) === isolateIdentity() })
  }
  if (resource === 'tmp-lines' && request.method === 'GET') {
    const after = Number(url.searchParams.get('after') ?? 0)
    if (!Number.isInteger(after) || after < 0) return json({ error: `after must be an integer ≥ 0` }, 400)
    return json(tmpLinesAfter(after))
  }
  if (resource === 'faults' && request.method === 'DELETE') {
    resetFaults()
    disarmBroadcastFailures()
    return json({ reset: true })
  }
  if (resource !== 'stores' || rawStoreId === undefined || rawStoreId === '') return json({ error: 'not found' }, 404)
  const storeId = decodeURIComponent(rawStoreId)

  try {
    if (request.method === 'GET' && sub === undefined) {
      const events = await readStoreEvents(env, storeId)
      return json({ head: events.at(-1)?.seqNum ?? 0, count: events.length, events })
    }
    if (request.method === 'POST' && sub === 'events') {
      const body = await readBody(request, AppendEventsBody)
      if (body instanceof Response) return body
      return json({ head: await appendStoreEvents(env, storeId, body.clientId ?? 'harness-seed', body.events) })
    }
    const isFault = (request.method === 'PUT' && sub === 'faults') || (request.method === 'POST' && sub !== 'events')
    if (isFault && (await readStoreEvents(env, storeId)).length === 0) {
      return json({ error: `no store ${storeId}: it holds no events` }, 404)
    }
    const durableObject = env.SYNC_BACKEND_DO.get(env.SYNC_BACKEND_DO.idFromName(storeId))
    if (request.method === 'POST' && sub === 'sockets' && action === 'drop') {
      const body = await readBody(request, DropSocketsBody)
      if (body instanceof Response) return body
      return json(await durableObject.harnessDropSockets(storeId, body))
    }
    if (request.method === 'POST' && sub === 'restart') return json(await durableObject.harnessRestart(storeId))
    if (sub === 'replica') return await replicaRoute(request, env, storeId, action)
    if (request.method === 'GET' && sub === 'live-pulls')
      return json({ livePulls: await durableObject.harnessLivePulls() })
    if (request.method === 'PUT' && sub === 'faults') {
      const faults = await readBody(request, StoreFaults)
      if (faults instanceof Response) return faults
      // The split rewrites Effect RPC stream chunks; 0.3.1's pages are not those: refused, never silently ignored.
      if (faults.splitNextPage === true && !livestoreWorkerApi.rpcTransports) {
        return json({ error: 'splitNextPage needs sync-cf 0.4.0-dev.8 or later (RPC pages)' }, 400)
      }
      // The hold arms on a push's RPC request frame; 0.3.1's frames are not those.
      if (faults.holdAfterCommit === true && !livestoreWorkerApi.rpcTransports) {
        return json({ error: 'holdAfterCommit needs sync-cf 0.4.0-dev.8 or later (RPC requests)' }, 400)
      }
      setStoreFaults(storeId, faults)
      return json({ storeId, faults })
    }
    if (request.method === 'DELETE' && sub === undefined) {
      await durableObject.harnessClear(storeId)
      return json({ cleared: storeId })
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return json({ error: message }, REPLICA_NOT_OPEN.test(message) ? 404 : 500)
  }
  return json({ error: 'not found' }, 404)
}

/** ReplicaDO's refusal of a command to a store that has none (its class does not cross the RPC). */
const REPLICA_NOT_OPEN = /has no replica/

/** A bounded read's `ms`, or `fallback`. */
const msParam = (url: URL, fallback: number) => Number(url.searchParams.get('ms') ?? fallback)

const replicaRoute = async (
  request: Request,
  env: Env,
  storeId: string,
  action: string | undefined,
): Promise<Response> => {
  const replica = env.REPLICA_DO.get(env.REPLICA_DO.idFromName(storeId))
  const url = new URL(request.url)
  if (request.method === 'POST' && action === undefined) {
    await replica.harnessReplicaOpen(storeId)
    return json({ opened: storeId })
  }
  if (request.method === 'POST' && action === 'commit') {
    const body = await readBody(request, ReplicaCommitBody)
    if (body instanceof Response) return body
    await replica.harnessReplicaCommit(storeId, body.issueId, body.priority)
    return json({ committed: body })
  }
  if (request.method === 'GET' && action === 'sync-state')
    return json(await replica.harnessReplicaSyncState(storeId, msParam(url, 1000)))
  if (request.method === 'GET' && action === 'eventlog')
    return json(
      await replica.harnessReplicaEventlog(storeId, Number(url.searchParams.get('until') ?? 0), msParam(url, 3000)),
    )
  return json({ error: 'not found' }, 404)
}
