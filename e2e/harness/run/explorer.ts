import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readDataFile } from '../base/data-file.ts'
import { FAILED_TO_START } from '../browser/app-driver.ts'
import { HISTORY_ATTACHMENT, type History, HistoryProgress, historyTitle } from '../explore/history.ts'
import type { Interleaving } from '../explore/interleaving.ts'
import type { Schedule } from '../explore/schedule.ts'
import { artifactsFolder, readSummaryRows, SUMMARY_DIR_ENV, type SummaryRow } from '../report/summary.ts'
import { isDiverged } from '../verdict/convergence.ts'
import { runPlaywright } from './playwright-process.ts'

/** Where `npm run explore` hands its histories to the explore project's spec. */
export const SCHEDULES_ENV = 'HARNESS_SCHEDULES'

/** What a schedule did: drained, diverged, or stalled at a stage with a family (`unclassified` without one). */
export interface Outcome {
  schedule: Schedule
  /** The test that ran it: its verdict is this schedule's when the schedule ended its history. */
  row?: SummaryRow
  /**
   * `D/store-answering`; `drained`; `diverged` (drained, a client's eventlog differs); `store-failed`
   * (LiveStore failed to start a tab's store: no verdict, but a finding); `error` (no verdict).
   */
  key: string
  timeToVerdictMs?: number
  /** How far the system was when each of its steps began, when it was followed to a verdict. */
  interleaving?: Interleaving
  /** How many schedules ran on the same store before it (0: a fresh store). */
  after: number
}

export const outcomeKey = (row: SummaryRow | undefined): string => {
  if (row?.verdict == null) return row?.observed.includes(FAILED_TO_START) === true ? 'store-failed' : 'error'
  // Drained, yet a client's eventlog is not the backend's: nothing may be lost or duplicated.
  if (row.verdict.ok) return isDiverged(row.verdict.convergence) ? 'diverged' : 'drained'
  return `${row.verdict.family?.id ?? 'unclassified'}/${row.verdict.stage}`
}

/** The progress the spec wrote into the test's own folder (its attachment copy has another name). */
const progressOf = (row: SummaryRow): HistoryProgress => {
  const folder = artifactsFolder(row)
  const file = folder === undefined ? undefined : join(folder, HISTORY_ATTACHMENT)
  return file === undefined || !existsSync(file) ? [] : readDataFile(HistoryProgress, file)
}

/**
 * The outcomes of one history's test: the schedules that drained, then the one that ended it with
 * the test's own verdict (a stall, a divergence found by the final convergence check, an error
 * while applying it). The schedules after that one did not run.
 */
export const historyOutcomes = (
  history: History,
  row: SummaryRow | undefined,
): { outcomes: Outcome[]; unrun: Schedule[] } => {
  const progress = row === undefined ? [] : progressOf(row)
  const outcomes: Outcome[] = progress.flatMap((entry, at) => {
    const schedule = history[at]
    return schedule === undefined
      ? []
      : [
          {
            schedule,
            key: 'drained',
            timeToVerdictMs: entry.timeToVerdictMs,
            interleaving: entry.interleaving,
            after: at,
            ...(row && { row }),
          },
        ]
  })
  // The test's verdict belongs to the last schedule it followed when that one stalled or was the
  // history's last (its convergence check came after it); otherwise the test failed while applying
  // the next one, which ended the history without a verdict.
  const ended =
    progress.length > 0 &&
    (progress.at(-1)?.drained === false || row?.outcome === 'passed' || progress.length === history.length)
  const endedAt = ended ? progress.length - 1 : progress.length
  const last = history[endedAt]
  if (last !== undefined) {
    const followed = endedAt === progress.length - 1
    outcomes[endedAt] = {
      schedule: last,
      key: followed ? outcomeKey(row) : outcomeKey(row && { ...row, verdict: null }),
      after: endedAt,
      ...(followed && progress[endedAt] !== undefined
        ? { timeToVerdictMs: progress[endedAt].timeToVerdictMs, interleaving: progress[endedAt].interleaving }
        : {}),
      ...(row && { row }),
    }
  }
  return { outcomes, unrun: history.slice(endedAt + 1) }
}

/**
 * Runs histories as one Playwright run of the explore project: one browser and one backend per
 * worker, a fresh store per history. Returns each schedule's outcome, in order, and the schedules
 * that did not run because an earlier one in their history ended it.
 */
export const runHistories = async (
  histories: readonly History[],
  folder: string,
  workers: number,
): Promise<{ outcomes: Outcome[]; unrun: Schedule[] }> => {
  rmSync(folder, { recursive: true, force: true })
  mkdirSync(folder, { recursive: true })
  const file = join(folder, 'schedules.json')
  writeFileSync(file, JSON.stringify(histories))
  process.env[SCHEDULES_ENV] = file
  process.env[SUMMARY_DIR_ENV] = folder
  const code = await runPlaywright(
    ['test', '--project=explore', '--output', join(folder, 'runs'), '--fully-parallel', `--workers=${workers}`],
    { quiet: true },
  )
  if (code === 2) throw new Error('the explore run did not start (run `npm run e2e` to see why)')
  const rows = readSummaryRows(folder)
  const results = histories.map((history) =>
    historyOutcomes(
      history,
      rows.find((candidate) => candidate.scenario.endsWith(`› ${historyTitle(history)}`)),
    ),
  )
  return { outcomes: results.flatMap(({ outcomes }) => outcomes), unrun: results.flatMap(({ unrun }) => unrun) }
}

/** Runs each schedule on a fresh store (a history of one): how a found stall is shrunk and replayed. */
export const runSchedules = async (
  schedules: readonly Schedule[],
  folder: string,
  workers: number,
): Promise<Outcome[]> =>
  (
    await runHistories(
      schedules.map((schedule) => [schedule]),
      folder,
      workers,
    )
  ).outcomes
