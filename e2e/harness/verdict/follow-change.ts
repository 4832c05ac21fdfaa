import type { SyncSnapshot } from '../../../apps/contract/sync-snapshot.ts'
import type { BackendControl } from '../backend/control-client.ts'
import type { ChangeTarget, PeerClient } from '../browser/change.ts'
import { isLivestoreConsole, type LogStream, tmpPoint } from '../capture/log-stream.ts'
import { diagnose } from './diagnose.ts'
import { type Evidence, globalOf, matchesTarget, type TimedSnapshot } from './stages.ts'
import { finalEvidence } from './stall-families.ts'
import type { Verdict } from './verdict-record.ts'

export interface FollowOptions {
  /** The sync state of the device the change was made on (a tab's page, a replica). */
  readSnapshot: (timeoutMs: number) => Promise<SyncSnapshot>
  control: BackendControl
  storeId: string
  stream: LogStream
  target: ChangeTarget
  /** When the change was made, on the stream's clock. */
  changedAt: number
  /** How long the change has to make its round trip before the verdict is "stalled". */
  windowMs: number
  /** Why the backend is gone, if it is: no verdict can be had then. */
  backendGone?: () => string | undefined
  /** The store's other clients, whose pulls must bring the change too. */
  peers?: readonly PeerClient[]
}

export interface FollowResult {
  verdict: Verdict
  evidence: Evidence
  /** From the change to the verdict. */
  elapsedMs: number
}

/**
 * Follows a change until it has made the whole round trip (then green at once), its stall is
 * final (a line after which its family cannot drain), or the window closes; a red verdict names
 * the first stage that never happened, and what decided it.
 */
export const followChange = async ({
  readSnapshot,
  control,
  storeId,
  stream,
  target,
  changedAt,
  windowMs,
  backendGone = () => undefined,
  peers = [],
}: FollowOptions): Promise<FollowResult> => {
  const deadline = stream.startedAt + changedAt + windowMs
  const snapshots: TimedSnapshot[] = []
  let backend: Evidence['backend']
  let pushesRead = 0
  // The backend's store is read only when it has received a push since the last read, and once
  // at the end: each read is a pull of its own, and shows up in the backend's log.
  const backendPushes = () => stream.lines.filter(tmpPoint('backend', 'push:recv', changedAt)).length
  for (;;) {
    const gone = backendGone()
    if (gone !== undefined) throw new Error(`no verdict for ${target.label}: ${gone}`)
    const remaining = deadline - Date.now()
    const seen = stream.lines.length
    const snapshot = await readSnapshot(Math.min(1000, Math.max(200, remaining)))
    snapshots.push({ t: Date.now() - stream.startedAt, snapshot })
    const pushes = backendPushes()
    if (backend === undefined && (pushes > pushesRead || Date.now() >= deadline)) {
      pushesRead = pushes
      const stored = (await control.readStore(storeId)).events.findLast((event) => matchesTarget(target, event))
      if (stored !== undefined) backend = { event: stored, t: Date.now() - stream.startedAt }
    }
    const evidence: Evidence = {
      target,
      changedAt,
      lines: stream.tmpLines(),
      consoles: stream.lines.filter(isLivestoreConsole),
      snapshots,
      peers,
      ...(backend === undefined ? {} : { backend }),
    }
    const verdict = diagnose(evidence)
    const changeGlobal = globalOf(verdict.seq)
    const final = verdict.ok
      ? undefined
      : finalEvidence(verdict.family, {
          stage: verdict.stage,
          lines: evidence.lines,
          consoles: evidence.consoles,
          ...(changeGlobal === undefined ? {} : { change: changeGlobal }),
          peers,
        })
    if (verdict.ok || final !== undefined || Date.now() >= deadline) {
      const decided = final === undefined ? { by: 'window' as const } : { by: 'evidence' as const, line: final.text }
      return {
        verdict: verdict.ok ? verdict : { ...verdict, decided },
        evidence,
        elapsedMs: Date.now() - stream.startedAt - changedAt,
      }
    }
    await stream.nextActivity(seen, deadline)
  }
}
