import { execFileSync } from 'node:child_process'
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

const LOCAL = 'local:'

/** The `--livestore` argument for a target label (`0.4.0`, `local:<path>`). */
export const livestoreArgument = (label: string): string =>
  label.startsWith(LOCAL) ? label.slice(LOCAL.length) : label

/** A local checkout's HEAD; `undefined` for a published version or a folder that is no git checkout. */
export const livestoreCommit = (label: string): string | undefined => {
  if (!label.startsWith(LOCAL)) return undefined
  try {
    return execFileSync('git', ['-C', livestoreArgument(label), 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    return undefined
  }
}
