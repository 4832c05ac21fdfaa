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
