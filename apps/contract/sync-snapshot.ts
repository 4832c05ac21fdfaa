import type { EventlogRead } from './eventlog.ts'

/**
 * What the app's probe answers when the harness (or the app's own indicator) asks for the sync
 * state: the session's and the leader's heads and pending events, in the sequence notation of
 * `seq.ts`. `_dev.syncStates()` can hang during a stall; a read that did not answer says why.
 */
export interface SyncSide {
  localHead: string
  upstreamHead: string
  pending: { seq: string; name: string; args: unknown }[]
}

export type SyncSnapshot =
  | { answered: true; session: SyncSide; leader: SyncSide; online: boolean | null }
  | { answered: false; reason: string }

/** What the app exposes on `window.__harnessProbe` once its store has booted. */
export interface HarnessProbe {
  storeId: string
  syncSnapshot: (timeoutMs: number) => Promise<SyncSnapshot>
  /** The confirmed eventlog up to the global sequence number `untilGlobal`, bounded by `timeoutMs`. */
  eventlog: (untilGlobal: number, timeoutMs: number) => Promise<EventlogRead>
}
