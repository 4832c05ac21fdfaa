import { useEffect, useState } from 'react'
import type { SyncSnapshot } from '../../../contract/sync-snapshot.ts'
import type { AppStore } from '../livestore/store.ts'
import { onSyncSnapshot, readSyncSnapshot } from '../livestore/sync-probe.ts'

/** Its own reads: every read by the harness shows at once, so a slow poll is enough for a person. */
const POLL_MS = 1000

/** Sync state in plain sight, so that a screenshot of a failure tells the story. */
export const SyncIndicator = ({ store }: { store: AppStore }) => {
  const [snapshot, setSnapshot] = useState<SyncSnapshot | undefined>()
  useEffect(() => {
    let stopped = false
    const unsubscribe = onSyncSnapshot(setSnapshot)
    const poll = async () => {
      while (!stopped) {
        await readSyncSnapshot(store, 1000)
        await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      }
    }
    void poll()
    return () => {
      stopped = true
      unsubscribe()
    }
  }, [store])

  if (snapshot === undefined) return <output data-testid="sync-indicator">sync: reading…</output>
  if (!snapshot.answered)
    return (
      <output data-testid="sync-indicator" data-stalled="true">
        sync: {snapshot.reason}
      </output>
    )
  const { session, leader, online } = snapshot
  return (
    <output
      data-testid="sync-indicator"
      data-session-pending={session.pending.length}
      data-leader-pending={leader.pending.length}
    >
      <span>session pending {session.pending.length}</span>
      <span>leader pending {leader.pending.length}</span>
      <span>
        session {session.localHead} / upstream {session.upstreamHead}
      </span>
      <span>
        leader {leader.localHead} / backend {leader.upstreamHead}
      </span>
      <span>{online === null ? 'connection unknown' : online ? 'connected' : 'offline'}</span>
    </output>
  )
}
