import { Schema } from 'effect'
import { Interleaving } from './interleaving.ts'
import { type Schedule, scheduleTitle } from './schedule.ts'

/**
 * A history: schedules applied one after another to one store, like a Jepsen history, with a
 * verdict after each one's last change. A fresh store costs seconds of CPU to boot; a history pays
 * that once for all its schedules. A history of one schedule is a schedule on a fresh store (how a
 * found stall is shrunk and replayed).
 */
export type History = readonly Schedule[]

/** What each schedule of a history did before the test ended, in order: the test's `history.json`. */
export const HistoryProgress = Schema.Array(
  Schema.Struct({
    index: Schema.Int,
    drained: Schema.Boolean,
    timeToVerdictMs: Schema.Number,
    /** How far the system was when each of its steps began: what a replay of this schedule waits for. */
    interleaving: Interleaving,
  }),
)
export type HistoryProgress = typeof HistoryProgress.Type

export const HISTORY_ATTACHMENT = 'history.json'

/** A history's test title: the explorer finds its outcome by it. A one-schedule history is titled as its schedule. */
export const historyTitle = (history: History): string => {
  const [first] = history
  if (first === undefined) throw new Error('a history has at least one schedule')
  return history.length === 1
    ? scheduleTitle(first)
    : `history of ${history.length} on one store: seed ${first.seed} ${history.map((schedule) => `#${schedule.index}`).join(' ')}${first.device === undefined ? '' : ` (${first.device})`}`
}

/**
 * Histories of at most `length` schedules, in the schedules' order; a history's schedules share
 * their device kind, since the device is its first tab's.
 */
export const toHistories = (schedules: readonly Schedule[], length: number): History[] => {
  const histories: Schedule[][] = []
  const open = new Map<string, Schedule[]>()
  for (const schedule of schedules) {
    const device = schedule.device ?? 'tab'
    let history = open.get(device)
    if (history === undefined || history.length >= length) {
      history = []
      open.set(device, history)
      histories.push(history)
    }
    history.push(schedule)
  }
  return histories
}
