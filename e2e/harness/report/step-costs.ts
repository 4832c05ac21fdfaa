import type { TmpCapturedLine } from '../capture/log-stream.ts'
import { median } from './statistics.ts'

/** What each kind of step took: its median in ms over how many were timed. */
export interface StepCost {
  tag: string
  count: number
  medianMs: number
}

const STEP = 'step:'
const SCHEDULE = 'history:schedule'

/**
 * Each step's time, from the harness's own line that opened it to the line that opened the next
 * step of the same schedule. A schedule's last step (the change its verdict follows) is not timed:
 * what follows it is the verdict's wait, not the step.
 */
export const stepDurations = (lines: readonly TmpCapturedLine[]): { tag: string; ms: number }[] => {
  const marks = lines.filter(
    (line) => line.source === 'harness' && (line.name.startsWith(STEP) || line.name === SCHEDULE),
  )
  return marks.flatMap((mark, at) => {
    const next = marks[at + 1]
    return mark.name.startsWith(STEP) && next?.name.startsWith(STEP) === true
      ? [{ tag: mark.name.slice(STEP.length), ms: next.t - mark.t }]
      : []
  })
}

/** The costs of every kind of step over many runs' lines, the dearest first. */
export const stepCosts = (runs: readonly (readonly TmpCapturedLine[])[]): StepCost[] => {
  const byTag = new Map<string, number[]>()
  for (const { tag, ms } of runs.flatMap(stepDurations)) byTag.set(tag, [...(byTag.get(tag) ?? []), ms])
  return [...byTag]
    .map(([tag, all]) => ({ tag, count: all.length, medianMs: Math.round(median(all) ?? 0) }))
    .sort((a, b) => b.medianMs - a.medianMs)
}
