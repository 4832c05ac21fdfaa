import { KnownError } from '../base/known-errors.ts'
import type { Backend, BackendLineListener } from './backend.ts'
import { BackendControl } from './control-client.ts'

/** How often the worker's `[TMP]` lines are read: a barrier on a backend line is at most this late. */
const POLL_MS = 50
const READ_TIMEOUT_MS = 5_000
/** A worker that answers no read for this long is gone: the test in progress fails with that reason. */
const GONE_AFTER_MS = 15_000

/** A worker the harness cannot use, for a reason the user fixes: one line, exit code 2. */
export class RemoteBackendError extends KnownError {}

interface TmpLinesPage {
  next: number
  dropped: number
  lines: string[]
}

/**
 * A worker the user runs (`npm run dev -- --wrangler`, a workerd elsewhere), reached over HTTP
 * only: the control routes with the token it runs with, and its `[TMP]` lines read from
 * `GET /__harness/tmp-lines`. It must run its Durable Objects in its own isolate (as workerd does
 * locally), or the faults and lines the harness asks for would never reach them.
 */
export const connectBackend = async (url: URL, token: string): Promise<Backend> => {
  let gone: string | undefined
  const control = new BackendControl(url, token, () => gone)
  const health = await control.health().catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error)
    throw new RemoteBackendError(`the backend at ${url.origin} cannot be used: ${reason}`)
  })
  if (health.ok !== true)
    throw new RemoteBackendError(
      `the worker at ${url.origin} has no harness routes: start it with HARNESS_CONTROL_TOKEN set (npm run dev -- --wrangler does)`,
    )
  if (health.sameIsolate !== true)
    throw new RemoteBackendError(
      `the worker at ${url.origin} runs its Durable Objects in another isolate (a deployed worker): the harness's faults and [TMP] lines cannot reach them`,
    )

  const listeners = new Set<BackendLineListener>()
  const read = async (after: number): Promise<TmpLinesPage> => {
    const response = await fetch(new URL(`/__harness/tmp-lines?after=${after}`, url), {
      headers: { 'x-harness-token': token },
      signal: AbortSignal.timeout(READ_TIMEOUT_MS),
    })
    if (!response.ok) throw new Error(`GET /__harness/tmp-lines: ${response.status}`)
    return (await response.json()) as TmpLinesPage
  }
  // Lines logged before the harness connected belong to nobody's test.
  let next = (await read(0)).next
  let answeredAt = Date.now()
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  const poll = async () => {
    try {
      const page = await read(next)
      answeredAt = Date.now()
      next = page.next
      if (page.dropped > 0)
        gone ??= `the worker at ${url.origin} dropped ${page.dropped} [TMP] lines before they were read`
      for (const line of page.lines) for (const listener of listeners) listener(line, 'log')
    } catch (error) {
      if (Date.now() - answeredAt > GONE_AFTER_MS)
        gone ??= `the worker at ${url.origin} stopped answering: ${error instanceof Error ? error.message : String(error)}`
    }
    if (!stopped) timer = setTimeout(poll, POLL_MS)
  }
  timer = setTimeout(poll, POLL_MS)

  return {
    url,
    control,
    onLine: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    exitReason: () => gone,
    stop: async () => {
      stopped = true
      clearTimeout(timer)
      listeners.clear()
    },
  }
}
