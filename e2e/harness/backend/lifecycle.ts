import { formatTmpLine } from '../../../apps/contract/tmp-line.ts'
import { step } from '../base/step.ts'
import type { LogStream } from '../capture/log-stream.ts'
import { type Backend, DurableObjectBusyError, DurableObjectNotRunningError, notRunning } from './backend.ts'

/**
 * What happens to a Cloudflare backend in production, done to the one the harness runs: each is
 * logged as a `[TMP][harness] fault:<name>` line, and `fault:<name>:done` with how long it took.
 */
const lifecycle = async (
  title: string,
  name: string,
  fields: Record<string, string>,
  logs: LogStream,
  run: (() => Promise<void>) | undefined,
): Promise<void> =>
  step(title, async () => {
    if (run === undefined) throw new Error(`the harness does not run this backend: it cannot ${title}`)
    const startedAt = Date.now()
    logs.add('harness', 'info', formatTmpLine('harness', `fault:${name}`, fields))
    await run()
    logs.add('harness', 'info', formatTmpLine('harness', `fault:${name}:done`, { ms: Date.now() - startedAt }))
  })

/** workerd stopped and started again on the same port and persisted state, pages left open. */
export const restartBackendProcess = (backend: Backend, logs: LogStream): Promise<void> =>
  lifecycle('restart the backend process', 'restart-backend', {}, logs, backend.restart)

/** A deploy: workerd restarted on new worker code while the pages' streams are open. */
export const deployBackend = (backend: Backend, logs: LogStream): Promise<void> =>
  lifecycle('deploy new worker code', 'deploy', {}, logs, backend.deploy)

/**
 * Whether the store's Durable Object has an instance, by the lines: none from the harness's
 * eviction or reset on, until a request starts one (the backend's `do:start`). Asked without a
 * request to it, which would start one.
 */
const instanceRunning = (logs: LogStream, storeId: string): boolean => {
  const last = logs
    .tmpLines()
    .findLast(
      (line) =>
        line.fields.storeId === storeId &&
        ((line.source === 'backend' && (line.name === 'do:start' || line.name === 'fault:restart-do')) ||
          (line.source === 'harness' && line.name === 'fault:evict')),
    )
  return last === undefined || last.name === 'do:start'
}

/**
 * The store's Durable Object evicted once idle, its storage kept: with its WebSockets hibernated
 * (open, waking the next instance), or closed (broken, no close frame). Refused at once when it
 * has no instance, or when a live WebSocket pull keeps it active.
 */
export const evictStore = async (
  backend: Backend,
  logs: LogStream,
  storeId: string,
  webSockets: 'hibernate' | 'close',
): Promise<void> => {
  const evict = backend.evict
  if (evict !== undefined) {
    if (!instanceRunning(logs, storeId)) throw new DurableObjectNotRunningError(notRunning(storeId))
    const livePulls = await backend.control.livePulls(storeId)
    if (livePulls > 0)
      throw new DurableObjectBusyError(
        `cannot evict the Durable Object of store ${storeId}: ${livePulls} live WebSocket pull stream(s) keep it active (sync-cf parks each in Effect.never, a pending interval; Cloudflare would not evict or hibernate it either)`,
      )
  }
  await lifecycle(
    `evict the Durable Object of store ${storeId} (WebSockets: ${webSockets})`,
    'evict',
    { storeId, webSockets },
    logs,
    evict && (() => evict(storeId, webSockets)),
  )
}
