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
  /**
   * The schedules that ran before it on the same store (none: a fresh store), each with the order
   * it ran in: what a replay from a fresh store applies first when the stall needs their state.
   */
  before: readonly Schedule[]
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
  // Each schedule as it ran: a replay of its history keeps each one's order.
  const ran = history.map((schedule, at) => {
    const interleaving = progress[at]?.interleaving
    return interleaving === undefined ? schedule : { ...schedule, order: interleaving }
  })
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
            before: ran.slice(0, at),
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
      before: ran.slice(0, endedAt),
      ...(followed && progress[endedAt] !== undefined
        ? { timeToVerdictMs: progress[endedAt].timeToVerdictMs, interleaving: progress[endedAt].interleaving }
        : {}),
      ...(row && { row }),
    }
  }
  return { outcomes, unrun: history.slice(endedAt + 1) }
}

/** Runs histories as one Playwright run of the explore project; the outcomes of each, in order. */
const runEach = async (
  histories: readonly History[],
  folder: string,
  workers: number,
): Promise<ReturnType<typeof historyOutcomes>[]> => {
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
  return histories.map((history) =>
    historyOutcomes(
      history,
      rows.find((candidate) => candidate.scenario.endsWith(`› ${historyTitle(history)}`)),
    ),
  )
}

/**
 * Runs histories: one browser and one backend per worker, a fresh store per history. Returns each
 * schedule's outcome, in order, and the schedules that did not run because an earlier one in their
 * history ended it.
 */
export const runHistories = async (
  histories: readonly History[],
  folder: string,
  workers: number,
): Promise<{ outcomes: Outcome[]; unrun: Schedule[] }> => {
  const results = await runEach(histories, folder, workers)
  return { outcomes: results.flatMap(({ outcomes }) => outcomes), unrun: results.flatMap(({ unrun }) => unrun) }
}

/**
 * Runs each history on a fresh store: how a found stall is shrunk and replayed, alone (a history of
 * one) or after the schedules it needs. Returns, for each, the outcome that ended it: its last
 * schedule's, or an earlier one's when that one did not drain.
 */
export const runCases = async (cases: readonly History[], folder: string, workers: number): Promise<Outcome[]> =>
  (await runEach(cases, folder, workers)).flatMap(({ outcomes }) => outcomes.slice(-1))

/** Whether a case's run ended as found: its last schedule, after the others drained, failed the same way. */
export const endedAs = (outcome: Outcome, key: string, history: History): boolean =>
  outcome.key === key && outcome.before.length === history.length - 1
