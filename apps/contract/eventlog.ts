/**
 * A client's eventlog as the app's probe reads it for the convergence check: its confirmed events
 * in order, up to the backend head the harness asks for. Read with `store.events({ until })`,
 * bounded: a read that did not reach the head within its time says how far it got.
 */
export interface EventlogEntry {
  /** In the sequence notation of `seq.ts`: `e54`. */
  seq: string
  name: string
  clientId: string
}

export type EventlogRead =
  | { read: true; complete: boolean; events: EventlogEntry[] }
  /** `unsupported`: this LiveStore cannot list its eventlog (no or an unimplemented `store.events()`). */
  | { read: false; reason: string; unsupported?: true }
