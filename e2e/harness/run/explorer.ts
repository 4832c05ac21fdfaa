import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FAILED_TO_START } from '../browser/app-driver.ts'
import { type Schedule, scheduleTitle } from '../explore/schedule.ts'
import { readSummaryRows, SUMMARY_DIR_ENV, type SummaryRow } from '../report/summary.ts'
import { isDiverged } from '../verdict/convergence.ts'
import { runPlaywright } from './playwright-process.ts'

/** Where `npm run explore` hands its schedules to the explore project's spec. */
export const SCHEDULES_ENV = 'HARNESS_SCHEDULES'

/** What a schedule did: drained, diverged, or stalled at a stage with a family (`unclassified` without one). */
export interface Outcome {
  schedule: Schedule
  row?: SummaryRow
  /**
   * `D/store-answering`; `drained`; `diverged` (drained, a client's eventlog differs); `store-failed`
   * (LiveStore failed to start a tab's store: no verdict, but a finding); `error` (no verdict).
   */
  key: string
}

export const outcomeKey = (row: SummaryRow | undefined): string => {
  if (row?.verdict == null) return row?.observed.includes(FAILED_TO_START) === true ? 'store-failed' : 'error'
  // Drained, yet a client's eventlog is not the backend's: nothing may be lost or duplicated.
  if (row.verdict.ok) return isDiverged(row.verdict.convergence) ? 'diverged' : 'drained'
  return `${row.verdict.family?.id ?? 'unclassified'}/${row.verdict.stage}`
}

/**
 * Runs schedules as one Playwright run of the explore project: one browser and one backend per
 * worker for all of them, a fresh store each. Returns each schedule's outcome, in order.
 */
export const runSchedules = async (
  schedules: readonly Schedule[],
  folder: string,
  workers: number,
): Promise<Outcome[]> => {
  rmSync(folder, { recursive: true, force: true })
  mkdirSync(folder, { recursive: true })
  const file = join(folder, 'schedules.json')
  writeFileSync(file, JSON.stringify(schedules))
  process.env[SCHEDULES_ENV] = file
  process.env[SUMMARY_DIR_ENV] = folder
  const code = await runPlaywright(
    ['test', '--project=explore', '--output', join(folder, 'runs'), '--fully-parallel', `--workers=${workers}`],
    { quiet: true },
  )
  if (code === 2) throw new Error('the explore run did not start (run `npm run e2e` to see why)')
  const rows = readSummaryRows(folder)
  return schedules.map((schedule) => {
    const row = rows.find((candidate) => candidate.scenario.endsWith(`› ${scheduleTitle(schedule)}`))
    return { schedule, key: outcomeKey(row), ...(row === undefined ? {} : { row }) }
  })
}
