import type { Env } from './env.ts'
import { resetFaults, type StoreFaults, setStoreFaults } from './faults.ts'
import { appendStoreEvents, type NewEvent, readStoreEvents } from './store-client.ts'

const PREFIX = '/__harness/'

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

const isNewEvent = (value: unknown): value is NewEvent =>
  typeof value === 'object' && value !== null && typeof (value as NewEvent).name === 'string' && 'args' in value

/**
 * Harness control routes. They exist only when the harness started the worker with a control
 * token, and answer only requests that carry it: a deployed worker has none of them.
 *
 *   GET    /__harness/health
 *   GET    /__harness/stores/:storeId          → { head, count, events }
 *   POST   /__harness/stores/:storeId/events   { clientId?, events: [{ name, args }] } → { head }
 *   DELETE /__harness/stores/:storeId          wipes the store's Durable Object
 *   PUT    /__harness/stores/:storeId/faults   { holdPushes?, splitNextPage? } → injects faults into that store
 *   DELETE /__harness/faults                   removes every fault and releases held pushes
 */
export const handleHarnessRequest = async (request: Request, env: Env): Promise<Response | undefined> => {
  const url = new URL(request.url)
  if (!url.pathname.startsWith(PREFIX) || env.HARNESS_CONTROL_TOKEN === undefined) return undefined
  if (request.headers.get('x-harness-token') !== env.HARNESS_CONTROL_TOKEN) {
    return json({ error: 'missing or wrong x-harness-token' }, 403)
  }
  const [resource, rawStoreId, sub] = url.pathname.slice(PREFIX.length).split('/')
  if (resource === 'health') return json({ ok: true })
  if (resource === 'faults' && request.method === 'DELETE') {
    resetFaults()
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
      const body = (await request.json()) as { clientId?: unknown; events?: unknown }
      if (!Array.isArray(body.events) || !body.events.every(isNewEvent)) {
        return json({ error: 'body.events must be an array of { name, args }' }, 400)
      }
      const clientId = typeof body.clientId === 'string' ? body.clientId : 'harness-seed'
      return json({ head: await appendStoreEvents(env, storeId, clientId, body.events) })
    }
    if (request.method === 'PUT' && sub === 'faults') {
      const faults = (await request.json()) as StoreFaults
      setStoreFaults(storeId, { holdPushes: faults.holdPushes === true, splitNextPage: faults.splitNextPage === true })
      return json({ storeId, faults })
    }
    if (request.method === 'DELETE' && sub === undefined) {
      await env.SYNC_BACKEND_DO.get(env.SYNC_BACKEND_DO.idFromName(storeId)).harnessClear()
      return json({ cleared: storeId })
    }
  } catch (error) {
    return json({ error: error instanceof Error ? error.message : String(error) }, 500)
  }
  return json({ error: 'not found' }, 404)
}
