import {
  DEFAULT_REPRODUCTION_PERCENT,
  describeExpectation,
  type Expectation,
  type ExpectationTable,
  expectationFor,
} from '../verdict/expectations.ts'
import { median } from './statistics.ts'
import type { SummaryRow } from './summary.ts'

/** One cell of the matrix: a scenario on a LiveStore version, over all its repetitions. */
export interface MatrixCell {
  expectation: Expectation
  runs: number
  /** Runs whose verdict was a stall (any stage). */
  stalled: number
  /** Runs that met the expectation. */
  met: number
  /** Runs that ended without a verdict (boot failure, barrier timeout, …). */
  errors: string[]
  observed: string[]
  timesMs: number[]
  pass: boolean
}

/** The share of runs a cell's expected stall must reproduce in. */
export const reproductionPercent = (expectation: Expectation): number =>
  (expectation.expect === 'stalls' ? expectation.atLeast : undefined) ?? DEFAULT_REPRODUCTION_PERCENT

/**
 * A rate (an `atLeast` cell) is judged from this many runs on. Fewer runs (the gate runs each cell
 * once) are judged only on their verdicts, the expected stall or a drain; a run without a verdict
 * is listed, not judged.
 */
export const RATE_RUNS = 10

const tooFewToJudge = (expectation: Expectation, runs: number) =>
  expectation.expect === 'stalls' && expectation.atLeast !== undefined && runs < RATE_RUNS

const cellOf = (expectation: Expectation, rows: readonly SummaryRow[]): MatrixCell => {
  const withVerdict = rows.filter((row) => row.verdict !== null)
  const errors = rows.filter((row) => row.verdict === null).map((row) => row.observed)
  const runs = withVerdict.length + errors.length
  const stalled = withVerdict.filter((row) => row.verdict?.ok === false).length
  // An expected stall counts where it reproduced (a drain may pass a run of an `atLeast` cell).
  const met = withVerdict.filter(
    (row) => row.outcome === 'passed' && (expectation.expect === 'drains' || row.verdict?.ok === false),
  ).length
  const pass =
    runs > 0 &&
    (expectation.expect === 'drains'
      ? stalled === 0 && errors.length === 0 && met === runs
      : tooFewToJudge(expectation, runs)
        ? withVerdict.every((row) => row.outcome === 'passed')
        : met * 100 >= runs * reproductionPercent(expectation) - 1e-9)
  return {
    expectation,
    runs,
    stalled,
    met,
    errors,
    observed: [...new Set(withVerdict.map((row) => row.observed))],
    timesMs: withVerdict.flatMap((row) => (row.timeToVerdictMs === null ? [] : [row.timeToVerdictMs])),
    pass,
  }
}

/**
 * One cell per scenario and version of the run: every cell the table has for the versions run
 * (a cell with no run fails), and every scenario that ran without a cell (expected to drain).
 */
export const buildCells = (
  table: ExpectationTable,
  rows: readonly SummaryRow[],
  versions: readonly string[],
): MatrixCell[] =>
  versions.flatMap((version) => {
    // A test not applicable to the version did not run: listed apart (matrix.ts), never a run of a cell.
    const ran = rows.filter(
      (row) => row.livestore?.version === version && row.scenarioId !== null && row.outcome !== 'skipped',
    )
    const scenarios = new Set([
      ...Object.keys(table).filter((scenario) => table[scenario]?.[version] !== undefined),
      ...ran.map((row) => row.scenarioId as string),
    ])
    return [...scenarios].map((scenario) =>
      cellOf(
        expectationFor(table, scenario, version),
        ran.filter((row) => row.scenarioId === scenario),
      ),
    )
  })

const pad = (text: string, width: number) => text.padEnd(width)

const formatMs = (ms: number | undefined) => (ms === undefined ? '-' : String(Math.round(ms)))

export const formatCells = (cells: readonly MatrixCell[]): string => {
  const header = ['scenario', 'LiveStore', 'expected', 'observed', 'verdict ms (median)', 'reproduced', 'result']
  const rows = cells.map((cell) => {
    const { expectation } = cell
    const reproduced =
      expectation.expect === 'drains'
        ? `${cell.stalled}/${cell.runs} stalled`
        : `${cell.met}/${cell.runs} stalled as expected${tooFewToJudge(expectation, cell.runs) ? ` (a rate needs ${RATE_RUNS}+ runs)` : ''}`
    const observed = [...cell.observed, ...cell.errors.map((error) => `error: ${error}`)].join('; ') || 'no run'
    return [
      expectation.scenario,
      expectation.version,
      describeExpectation(expectation),
      observed,
      formatMs(median(cell.timesMs)),
      reproduced,
      cell.pass ? 'ok' : 'FAIL',
    ]
  })
  const widths = header.map((title, column) =>
    Math.min(60, Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0))),
  )
  return [header, ...rows]
    .map((row) =>
      row
        .map((text, column) => pad(text, widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}
