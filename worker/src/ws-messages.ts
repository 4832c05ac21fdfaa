import { AsyncLocalStorage } from 'node:async_hooks'
import { encodeAppend, type NewEvent, type StoredEvent } from '../../apps/contract/control-routes.ts'
import type { Env } from './env.ts'

/**
 * sync-cf 0.3.1 speaks plain `WSMessage.*` JSON over a WebSocket and has no HTTP client: the
 * harness reads and appends by opening a WebSocket on the store's Durable Object, as a client
 * would. Its hooks get only the message, so the Durable Object runs each message inside its store.
 */

/** Requests of the harness's own reads and writes carry this prefix, so the backend's log can tell them apart. */
export const HARNESS_REQUEST_PREFIX = 'harness-'

const storeContext = new AsyncLocalStorage<string>()

/** The store of a socket: its attachment, which every sync-cf sets to `{ storeId, … }`. */
export const storeOfSocket = (ws: WebSocket): string | undefined => {
  const attachment: unknown = ws.deserializeAttachment()
  const parsed: unknown = typeof attachment === 'string' ? JSON.parse(attachment) : attachment
  const storeId = (parsed as { storeId?: unknown } | null)?.storeId
  return typeof storeId === 'string' ? storeId : undefined
}

/** Runs `handle` as the store of `ws`. */
export const inStoreOf = <A>(ws: WebSocket, handle: () => A): A => {
  const storeId = storeOfSocket(ws)
  return storeId === undefined ? handle() : storeContext.run(storeId, handle)
}

/** The store whose message is being handled; hooks of 0.3.1 are told nothing else. */
export const currentStoreId = (): string => storeContext.getStore() ?? 'unknown'

const REPLY_TIMEOUT_MS = 10_000

interface Reply {
  _tag: string
  requestId: string | { context: string; requestId: string }
  message?: string
  remaining?: number
  batch?: { eventEncoded: StoredEvent }[]
}

/** Sends one request and collects its replies until `done` says the last came; bounded. */
const exchange = async (env: Env, storeId: string, request: object, done: (reply: Reply) => boolean) => {
  const stub = env.SYNC_BACKEND_DO.get(env.SYNC_BACKEND_DO.idFromName(storeId))
  const url = `http://durable-object.internal/sync/websocket?storeId=${encodeURIComponent(storeId)}`
  const { webSocket } = await stub.fetch(url, { headers: { Upgrade: 'websocket' } })
  if (webSocket === null) throw new Error('the Durable Object did not open a WebSocket')
  webSocket.accept()
  const requestId = `${HARNESS_REQUEST_PREFIX}${crypto.randomUUID()}`
  const replies: Reply[] = []
  try {
    return await new Promise<Reply[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reply to ${requestId} within ${REPLY_TIMEOUT_MS} ms`)),
        REPLY_TIMEOUT_MS,
      )
      webSocket.addEventListener('message', ({ data }) => {
        const reply = JSON.parse(String(data)) as Reply
        const id = typeof reply.requestId === 'string' ? reply.requestId : reply.requestId.requestId
        // Broadcasts of pushes (`context: 'push'`) reach every socket; only this request's replies count.
        if (id !== requestId || (typeof reply.requestId === 'object' && reply.requestId.context !== 'pull')) return
        replies.push(reply)
        if (reply._tag === 'WSMessage.Error' || done(reply)) clearTimeout(timer)
        if (reply._tag === 'WSMessage.Error') reject(new Error(reply.message))
        else if (done(reply)) resolve(replies)
      })
      webSocket.send(JSON.stringify({ ...request, requestId }))
    })
  } finally {
    webSocket.close()
  }
}

export const readEventsOverWebSocket = async (env: Env, storeId: string): Promise<StoredEvent[]> => {
  const pages = await exchange(env, storeId, { _tag: 'WSMessage.PullReq' }, (reply) => reply.remaining === 0)
  return pages.flatMap((page) => (page.batch ?? []).map((item) => item.eventEncoded))
}

/** Appends events after the store's current head, as one writer `clientId`; returns the new head. */
export const appendEventsOverWebSocket = async (
  env: Env,
  storeId: string,
  clientId: string,
  events: readonly NewEvent[],
): Promise<number> => {
  const head = (await readEventsOverWebSocket(env, storeId)).at(-1)?.seqNum ?? 0
  const batch = encodeAppend(events, head, clientId)
  await exchange(env, storeId, { _tag: 'WSMessage.PushReq', batch }, (reply) => reply._tag === 'WSMessage.PushAck')
  return head + events.length
}
