import type { SyncSnapshot } from '../../../apps/contract/sync-snapshot.ts'
/** The user's change being followed: the event the UI commits, identified by name and arguments. */
export interface ChangeTarget {
  event: string
  args: Record<string, unknown>
  /** For messages: "issue 5 priority → High". */
  label: string
  /** A client document's event: it stays between the session and the leader, never reaching the backend. */
  clientOnly?: boolean
}

/** A change the app driver made, and when: what the verdict follows. */
export interface MadeChange {
  target: ChangeTarget
  /** When the click that commits the change started, on the log stream's clock. */
  changedAt: number
}

/** Another client (device) of the store than the one that made a change: its pulls must bring the change too. */
export interface PeerClient {
  /** `B`, `C`, …: the test's own first client is `A`. */
  name: string
  /** Its tabs' leader-worker processes, as captured (`leader-worker#2`). */
  leaders: readonly string[]
}

/** What the verdict reads of the device a change was made on: its sync state, and who else must hear of it. */
export interface ChangedOn {
  /** Its session's and leader's sync state, bounded: a device that does not answer says why. */
  readSnapshot(timeoutMs: number): Promise<SyncSnapshot>
  /** The store's other clients, whose pulls must bring the change too. */
  peers(): PeerClient[]
}
