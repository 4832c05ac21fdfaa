import { execFileSync } from 'node:child_process'
import type { SyncSide } from '../../../apps/contract/sync-snapshot.ts'
import type { TimedSnapshot } from '../verdict/diagnose.ts'

/** One side's sync state at a sample: what the timeline plots and the indicator shows. */
export interface SideSample {
  pending: number
  localHead: string
  upstreamHead: string
}

/** A sync snapshot reduced to counts and heads, so that verdict.json stays small. */
export interface SyncSample {
  t: number
  session?: SideSample
  leader?: SideSample
  /** Why the probe did not answer, when it did not. */
  unanswered?: string
}

/**
 * What the bug-report bundle needs beyond the verdict, recorded with it in verdict.json so that a
 * bundle can be rebuilt from someone else's artifacts alone.
 */
export interface ReportContext {
  /** The followed change, and when the harness made it (stream ms). */
  change: { label: string; changedAt: number }
  samples: SyncSample[]
  spec: { file: string; title: string }
  browser: string
  /** What `--livestore` replays this run: a version, or a local checkout's path. */
  livestore: string
  /** The commit of a local LiveStore checkout. */
  livestoreCommit?: string
  /** The upstream reference behind the expectation (fixtures/expectations.json). */
  ref?: string
  /** Whether the app's indicator showed the final sample when the test ended (the screenshot's state). */
  indicatorAgrees?: boolean
}

const side = ({ pending, localHead, upstreamHead }: SyncSide): SideSample => ({
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
