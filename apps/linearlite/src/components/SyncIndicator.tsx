import { useEffect, useState } from 'react'
import type { SyncSnapshot } from '../../../contract/sync-snapshot.ts'
import type { AppStore } from '../livestore/store.ts'
import { readSyncSnapshot } from '../livestore/sync-probe.ts'

/** Sync state in plain sight, so that a screenshot of a failure tells the story. */
export const SyncIndicator = ({ store }: { store: AppStore }) => {
  const [snapshot, setSnapshot] = useState<SyncSnapshot | undefined>()
  useEffect(() => {
    let stopped = false
    const poll = async () => {
      while (!stopped) {
        const next = await readSyncSnapshot(store, 1000)
        if (!stopped) setSnapshot(next)
        await new Promise((resolve) => setTimeout(resolve, 300))
      }
    }
    void poll()
    return () => {
      stopped = true
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
