import { formatTmpLine } from '../../../apps/contract/tmp-line.ts'
import { step } from '../base/step.ts'
import type { LogStream } from '../capture/log-stream.ts'
import {
  type Backend,
  DurableObjectBusyError,
  DurableObjectNotRunningError,
  EVICTABLE,
  type EvictedObject,
  notRunning,
} from './backend.ts'

/**
 * What happens to a Cloudflare backend in production, done to the one the harness runs: each is
 * logged as a `[TMP][harness] fault:<name>` line, and `fault:<name>:done` with how long it took.
 */
const lifecycle = async (
  title: string,
  /** What a backend the harness does not run cannot have done: `restart its process`. */
  cannot: string,
  name: string,
  fields: Record<string, string>,
  logs: LogStream,
  run: (() => Promise<void>) | undefined,
): Promise<void> =>
  step(title, async () => {
    if (run === undefined) throw new Error(`the harness does not run this backend: it cannot ${cannot}`)
    const startedAt = Date.now()
    logs.add('harness', 'info', formatTmpLine('harness', `fault:${name}`, fields))
    await run()
    logs.add('harness', 'info', formatTmpLine('harness', `fault:${name}:done`, { ms: Date.now() - startedAt }))
  })

/** workerd stopped and started again on the same port and persisted state, pages left open. */
export const restartBackendProcess = (backend: Backend, logs: LogStream): Promise<void> =>
  lifecycle('restart the backend process', 'restart its process', 'restart-backend', {}, logs, backend.restart)

/** A deploy: workerd restarted on new worker code while the pages' streams are open. */
export const deployBackend = (backend: Backend, logs: LogStream): Promise<void> =>
  lifecycle('deploy new worker code', 'deploy to it', 'deploy', {}, logs, backend.deploy)

/**
 * Whether one of the store's Durable Objects has an instance, by the lines: none from the
 * harness's eviction or reset of it on, until a request starts one (the line its constructor
 * logs). Asked without a request to it, which would start one.
 */
const instanceRunning = (logs: LogStream, object: EvictedObject, storeId: string): boolean => {
  const { start } = EVICTABLE[object]
  const last = logs
    .tmpLines()
    .findLast(
      (line) =>
        line.fields.storeId === storeId &&
        ((line.source === 'backend' &&
          (line.name === start || (object === 'backend' && line.name === 'fault:restart-do'))) ||
          (line.source === 'harness' && line.name === 'fault:evict' && line.fields.object === object)),
    )
  return last === undefined || last.name === start
}

/** What keeps the store's sync backend active: its live WebSocket pulls. */
const backendBusy = async (backend: Backend, storeId: string): Promise<string | undefined> => {
  const livePulls = await backend.control.livePulls(storeId)
  return livePulls === 0
    ? undefined
    : `sync backend of store ${storeId}: ${livePulls} live WebSocket pull stream(s) keep it active (sync-cf parks each in Effect.never, a pending interval; Cloudflare would not evict or hibernate it either)`
}

/** What keeps the store's replica active: its LiveStore store, booted in this instance (its `store:ready`). */
const replicaBusy = (logs: LogStream, storeId: string): string | undefined => {
  const lines = logs.tmpLines()
  const started = lines.findLastIndex(
    (line) => line.source === 'backend' && line.name === EVICTABLE.replica.start && line.fields.storeId === storeId,
  )
  const booted = lines
    .slice(started + 1)
    .some((line) => line.process === 'replica' && line.name === 'store:ready' && line.fields.storeId === storeId)
  return booted
    ? `replica of store ${storeId}: its LiveStore store runs in it, which keeps the instance active (its live pull and timers are pending: workerd waits 30 s for it to go idle, then refuses)`
    : undefined
}

/**
 * One of the store's Durable Objects evicted once idle, its storage kept: with its WebSockets
 * hibernated (open, waking the next instance), or closed (broken, no close frame). Refused at once
 * when it has no instance, or when something keeps it active: a live WebSocket pull the sync
 * backend, a booted store the replica.
 */
export const evictObject = async (
  backend: Backend,
  logs: LogStream,
  object: EvictedObject,
  storeId: string,
  webSockets: 'hibernate' | 'close',
): Promise<void> => {
  const evict = backend.evict
  if (evict !== undefined) {
    if (!instanceRunning(logs, object, storeId)) throw new DurableObjectNotRunningError(notRunning(object, storeId))
    const busy = object === 'backend' ? await backendBusy(backend, storeId) : replicaBusy(logs, storeId)
    if (busy !== undefined) throw new DurableObjectBusyError(`cannot evict the ${busy}`)
  }
  await lifecycle(
    `evict the ${object === 'backend' ? 'sync backend' : 'replica'} of store ${storeId} (WebSockets: ${webSockets})`,
    'evict its Durable Objects',
    'evict',
    { object, storeId, webSockets },
    logs,
    evict && (() => evict(object, storeId, webSockets)),
  )
}
