import type { SyncSide } from '../../../apps/contract/sync-snapshot.ts'
import type { TimedSnapshot } from '../verdict/stages.ts'
import type { SyncSample } from '../verdict/verdict-record.ts'

export type { ReportContext, SyncSample } from '../verdict/verdict-record.ts'

const side = ({ pending, localHead, upstreamHead }: SyncSide) => ({
  pending: pending.length,
  localHead,
  upstreamHead,
})

export const toSyncSamples = (snapshots: readonly TimedSnapshot[]): SyncSample[] =>
  snapshots.map(({ t, snapshot }) =>
    snapshot.answered
      ? { t, session: side(snapshot.session), leader: side(snapshot.leader) }
      : { t, unanswered: snapshot.reason },
  )
