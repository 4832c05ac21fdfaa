import type { LivestoreAppApi, LivestoreWorkerApi } from '../../../apps/contract/livestore-api.ts'

/**
 * What differs between LiveStore versions, as far as the harness is concerned: one place, so the
 * rest of the code asks a question instead of comparing versions.
 */
export interface LivestoreTraits extends LivestoreAppApi, LivestoreWorkerApi {
  /** sync-cf before 0.4.0-dev.12 keeps its event log in a D1 database bound as `DB`; later, in the Durable Object's SQLite. */
  eventlogInD1: boolean
  /** The module `@livestore/sync-cf/client` stands for: 0.3.1 has no `./client` export, its WebSocket client is the package's root. */
  syncClientEntry: '@livestore/sync-cf/client' | '@livestore/sync-cf'
  /**
   * `@livestore/adapter-cloudflare` (a store inside a Durable Object: the `replica` device) is
   * bundled: 0.4.0 on. It was also published for 0.4.0-dev.22, which the harness installs without it.
   */
  cloudflareAdapter: boolean
}

/** The oldest LiveStore the harness builds against: the first whose web adapter and sync-cf it knows. */
export const OLDEST_SUPPORTED = '0.3.1'

/** `0.4.0-dev.9` → [0, 4, 0, 9]; a release sorts after its pre-releases. */
const versionKey = (version: string): number[] => {
  const [core = '', pre] = version.split('-')
  const numbers = core.split('.').map(Number)
  const preNumber = pre === undefined ? Number.MAX_SAFE_INTEGER : Number(pre.replace(/^\D+/, '') || 0)
  return [...numbers, preNumber]
}

export const compareVersions = (a: string, b: string): number => {
  const [left, right] = [versionKey(a), versionKey(b)]
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}

const syncRequestsOf = (version: string): LivestoreWorkerApi['syncRequests'] => {
  if (compareVersions(version, '0.4.0-dev.8') < 0) return 'handleWebSocket'
  return compareVersions(version, '0.4.0-dev.9') < 0 ? 'getSyncRequestSearchParams' : 'matchSyncRequest'
}

export const traitsOf = (version: string): LivestoreTraits => {
  // 0.4.0-dev.12 moved sync-cf's event log into the Durable Object and reshaped the store API.
  const beforeDev12 = compareVersions(version, '0.4.0-dev.12') < 0
  // 0.4.0-dev.8 rewrote sync-cf on Effect RPC (HTTP, WebSocket and DO-RPC transports).
  const rpcTransports = compareVersions(version, '0.4.0-dev.8') >= 0
  return {
    eventlogInD1: beforeDev12,
    subscribeTakesOptions: beforeDev12,
    hasNetworkStatus: !beforeDev12,
    syncRequests: syncRequestsOf(version),
    rpcTransports,
    syncClientEntry: rpcTransports ? '@livestore/sync-cf/client' : '@livestore/sync-cf',
    wsSyncFactory: rpcTransports ? 'makeWsSync' : 'makeCfSync',
    syncStatesAnswers: rpcTransports,
    cloudflareAdapter: compareVersions(version, '0.4.0') >= 0,
  }
}
