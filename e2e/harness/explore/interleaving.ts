import { Schema } from 'effect'
import type { CapturedLine, LinePredicate } from '../capture/log-stream.ts'

/**
 * The sync moments whose order a replay keeps: the leader's and the backend's pushes and pulls,
 * and the client's reconnects. A found stall is a race between these and the schedule's steps.
 */
const ORDERED_POINTS: ReadonlySet<string> = new Set([
  'leader push:recv',
  'leader push:advance',
  'leader push:reject',
  'leader pull:page',
  'leader pull:advance',
  'leader pull:rebase',
  'leader backend:push',
  'leader backend:push:ok',
  'leader backend:push:err',
  'backend push:recv',
  'backend push:ack',
  'backend push:err',
  'backend pull:page',
  'backend ws:connect',
])

/** How many lines of each ordered point (`<source> <name>`) the system logged since a schedule began. */
export const PointCounts = Schema.Record({ key: Schema.String, value: Schema.Int })
export type PointCounts = typeof PointCounts.Type

/**
 * A run's interleaving: for each step of its schedule, the counts of the ordered points when that
 * step began. A replay that waits, before each step, until the system has come at least as far
 * passes its barriers in the found order wherever the system was ahead of the steps.
 */
export const Interleaving = Schema.Array(PointCounts)
export type Interleaving = typeof Interleaving.Type

const orderedKey = (line: CapturedLine): string | undefined => {
  const key = line.source === undefined ? undefined : `${line.source} ${line.name}`
  return key !== undefined && ORDERED_POINTS.has(key) ? key : undefined
}

/** Counts `line` into `counts` when it is an ordered point captured at or after `since` (stream ms). */
const tally = (counts: Record<string, number>, line: CapturedLine, since: number): void => {
  const key = line.t >= since ? orderedKey(line) : undefined
  if (key !== undefined) counts[key] = (counts[key] ?? 0) + 1
}

/**
 * The counts of the ordered points among a growing list of lines captured at or after `since`
 * (stream ms), now: each call counts only the lines added since the last, so a run that records
 * its counts at every step reads each line once.
 */
export const pointCounter = (lines: readonly CapturedLine[], since: number): (() => PointCounts) => {
  const counts: Record<string, number> = {}
  let counted = 0
  return () => {
    for (; counted < lines.length; counted++) tally(counts, lines[counted] as CapturedLine, since)
    return { ...counts }
  }
}

/** What `now` still lacks of `target`: `leader pull:page 2/3`, one entry a point. */
export const shortOf = (target: PointCounts, now: PointCounts): string[] =>
  Object.entries(target).flatMap(([key, count]) =>
    (now[key] ?? 0) < count ? [`${key} ${now[key] ?? 0}/${count}`] : [],
  )

/**
 * A barrier's predicate: true once the lines seen since `since` reach every count of `target`.
 * Each line is counted once, whether the barrier finds it captured already or still to come.
 */
export const reaches = (target: PointCounts, since: number): LinePredicate => {
  const seen = new WeakSet<CapturedLine>()
  const counts: Record<string, number> = {}
  return (line: CapturedLine) => {
    if (!seen.has(line)) {
      seen.add(line)
      tally(counts, line, since)
    }
    return shortOf(target, counts).length === 0
  }
}

/**
 * The first step at which a replay's interleaving differs from the found one, and how: `behind`
 * (the replay waited out its bound there), `ahead` (the system had gone further than when found:
 * a race a wait cannot undo), or undefined when every step began at the same counts.
 */
export const firstDifference = (
  found: Interleaving,
  replay: Interleaving,
): { step: number; how: 'behind' | 'ahead'; points: string[] } | undefined => {
  for (const [step, target] of found.entries()) {
    const now = replay[step]
    if (now === undefined) return { step, how: 'behind', points: ['the step never began'] }
    const behind = shortOf(target, now)
    if (behind.length > 0) return { step, how: 'behind', points: behind }
    const ahead = shortOf(now, target)
    if (ahead.length > 0) return { step, how: 'ahead', points: ahead }
  }
  return undefined
}
