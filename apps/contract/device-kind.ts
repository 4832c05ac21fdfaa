/**
 * The kinds of device a scenario opens on a store. Each runs real LiveStore with the same capture,
 * tracepoints, sync probe and convergence check:
 * - `tab`: a browser tab whose leader syncs over WebSocket (`makeWsSync`);
 * - `http-tab`: a browser tab whose leader syncs over HTTP (`makeHttpSync`), as mobile clients run it;
 * - `replica`: a Cloudflare replica, a store inside a Durable Object of the worker
 *   (`@livestore/adapter-cloudflare`) syncing over DO-RPC (`makeDoRpcSync`), driven through control routes.
 */
export const TAB_KINDS = ['tab', 'http-tab'] as const
export const DEVICE_KINDS = [...TAB_KINDS, 'replica'] as const

export type TabKind = (typeof TAB_KINDS)[number]
export type DeviceKind = (typeof DEVICE_KINDS)[number]

/** The sync transport a tab's leader uses: the page's `?transport=`, handed to the leader in the sync payload. */
export type TabTransport = 'ws' | 'http'

export const transportOf = (kind: TabKind): TabTransport => (kind === 'http-tab' ? 'http' : 'ws')

/**
 * How often an HTTP tab polls for new events (sync-cf's `livePull.pollInterval`; its default is
 * 5 s). Shorter, so that a round trip fits the verdict's window; the mechanism is the same.
 */
export const HTTP_POLL_MS = 1000

/** The sync payload the app sends: the backend checks the token; the leader reads the transport. */
export interface SyncPayload {
  authToken: string
  transport: TabTransport
}
