import { Schema } from 'effect'
import type { StoredEvent } from '../../../apps/contract/control-routes.ts'
import type { EventlogEntry } from '../../../apps/contract/eventlog.ts'
import { formatSeq, parseSeqRange } from '../../../apps/contract/seq.ts'
import type { TmpCapturedLine } from '../capture/log-stream.ts'

/**
 * Convergence after a scenario: once faults are lifted and writers stopped, every client's
 * eventlog must equal the backend's (same events, same order, no duplicates), and no event a
 * backend acknowledged may be missing from it (a restart must not lose one).
 */
export const EventRef = Schema.Struct({ seq: Schema.String, name: Schema.String, clientId: Schema.String })

export const Divergence = Schema.Struct({
  /** `tab 2`, `backend`: where the difference is. */
  client: Schema.String,
  message: Schema.String,
  /** Index into the backend's eventlog of the first event that differs. */
  index: Schema.optional(Schema.Number),
  backend: Schema.optional(EventRef),
  clientEvent: Schema.optional(EventRef),
})
export type Divergence = typeof Divergence.Type

/** `verdict.json`'s `convergence`: `converged`, or what differs (the first difference per client). */
export const Convergence = Schema.Union(
  Schema.Literal('converged'),
  /** This LiveStore cannot list a client's eventlog: the check could not run, and says why. */
  Schema.Struct({ notChecked: Schema.String }),
  Schema.Struct({ diverged: Schema.Array(Divergence), backendHead: Schema.String }),
)
export type Convergence = typeof Convergence.Type

export const backendEntry = (event: StoredEvent): EventlogEntry => ({
  seq: formatSeq({ global: event.seqNum }),
  name: event.name,
  clientId: event.clientId,
})

const same = (a: EventlogEntry, b: EventlogEntry) => a.seq === b.seq && a.name === b.name && a.clientId === b.clientId
const show = (entry: EventlogEntry) => `${entry.seq} ${entry.name} (${entry.clientId})`

/**
 * The first difference between the backend's eventlog and one client's, or undefined when equal.
 * `complete: false`: the client's read was cut off by its bound, so a missing tail is not known to be missing.
 */
export const compareEventlogs = (
  client: string,
  backend: readonly EventlogEntry[],
  local: readonly EventlogEntry[],
  complete = true,
): Divergence | undefined => {
  const length = Math.max(backend.length, local.length)
  for (let index = 0; index < length; index++) {
    const expected = backend[index]
    const actual = local[index]
    if (expected !== undefined && actual !== undefined && same(expected, actual)) continue
    const message =
      actual === undefined && expected !== undefined && !complete
        ? `${client} gave no ${show(expected)} within its read's bound (its first ${index} equal the backend's ${backend.length})`
        : actual === undefined && expected !== undefined
          ? `${client} lacks ${show(expected)} and the ${backend.length - index - 1} after it`
          : expected === undefined && actual !== undefined
            ? `${client} has ${show(actual)} beyond the backend's head`
            : `${client} has ${actual === undefined ? '?' : show(actual)} where the backend has ${expected === undefined ? '?' : show(expected)}`
    return {
      client,
      message: `event #${index + 1}: ${message}`,
      index,
      ...(expected === undefined ? {} : { backend: expected }),
      ...(actual === undefined ? {} : { clientEvent: actual }),
    }
  }
  return undefined
}

/** Every event a leader's push was acknowledged for (`backend:push:ok`), as global sequence numbers. */
export const acknowledgedSeqs = (lines: readonly TmpCapturedLine[]): number[] => {
  const acked = new Set<number>()
  for (const line of lines) {
    if (line.source !== 'leader' || line.name !== 'backend:push:ok' || typeof line.fields.seqs !== 'string') continue
    const range = parseSeqRange(line.fields.seqs)
    if (range === undefined) continue
    for (let global = range[0].global; global <= range[1].global; global++) acked.add(global)
  }
  return [...acked].sort((a, b) => a - b)
}

/** Acknowledged events the backend no longer holds: each one is lost. */
export const lostAcknowledged = (acked: readonly number[], backend: readonly StoredEvent[]): Divergence[] => {
  const held = new Set(backend.map((event) => event.seqNum))
  return acked
    .filter((global) => !held.has(global))
    .map((global) => ({
      client: 'backend',
      message: `the backend acknowledged ${formatSeq({ global })} but no longer holds it`,
    }))
}

/** A convergence check that ran and found a difference (a stalled client's is expected; a drained one's is a finding). */
export const isDiverged = (convergence: Convergence | undefined): boolean =>
  convergence !== undefined && convergence !== 'converged' && 'diverged' in convergence

export const describeConvergence = (convergence: Convergence): string =>
  convergence === 'converged'
    ? 'converged'
    : 'notChecked' in convergence
      ? `not checked: ${convergence.notChecked}`
      : `diverged at backend head ${convergence.backendHead}: ${convergence.diverged.map((d) => d.message).join('; ')}`
