import { describeEvidence, evidenceFor, type Ledger, runsOf, type VersionEvidence } from '../verdict/evidence.ts'
import {
  describeExpectation,
  describeSpan,
  type Expectation,
  type ExpectationTable,
  expectationFor,
} from '../verdict/expectations.ts'
import { type CellJudgement, judgeCell, requireRuns } from '../verdict/judgement.ts'
import { median } from './statistics.ts'
import type { SummaryRow } from './summary.ts'

/** One cell of the matrix: a scenario on a LiveStore version, over all its repetitions. */
export interface MatrixCell {
  expectation: Expectation
  runs: number
  /** Runs whose verdict was a stall (any stage). */
  stalled: number
  /** Runs that ended without a verdict (boot failure, barrier timeout, …). */
  errors: string[]
  observed: string[]
  timesMs: number[]
  /** What the ledger had before this run. */
  evidence: VersionEvidence | undefined
  judgement: CellJudgement
}

const cellOf = (
  expectation: Expectation,
  rows: readonly SummaryRow[],
  evidence: VersionEvidence | undefined,
): MatrixCell => {
  const withVerdict = rows.filter((row) => row.verdict !== null)
  const ledgerRuns = evidence === undefined ? 0 : runsOf(evidence) - evidence.noVerdict
  return {
    expectation,
    runs: rows.length,
    stalled: withVerdict.filter((row) => row.verdict?.ok === false).length,
    errors: rows.filter((row) => row.verdict === null).map((row) => row.observed),
    observed: [...new Set(withVerdict.map((row) => row.observed))],
    timesMs: withVerdict.flatMap((row) => (row.timeToVerdictMs === null ? [] : [row.timeToVerdictMs])),
    evidence,
    judgement: requireRuns(
      judgeCell(
        expectation,
        rows.map((row) => row.verdict),
        evidence,
      ),
      ledgerRuns + withVerdict.length,
    ),
  }
}

/**
 * One cell per scenario and version of the run: every scenario whose span covers a version run (a
 * cell with no run fails), and every scenario that ran without one (expected to drain).
 */
export const buildCells = (
  table: ExpectationTable,
  rows: readonly SummaryRow[],
  versions: readonly string[],
  ledger: Ledger,
): MatrixCell[] =>
  versions.flatMap((version) => {
    // A test not applicable to the version did not run: listed apart (matrix.ts), never a run of a cell.
    const ran = rows.filter(
      (row) => row.livestore?.version === version && row.scenarioId !== null && row.outcome !== 'skipped',
    )
    const scenarios = new Set([
      ...Object.keys(table).filter((scenario) => expectationFor(table, scenario, version).noCell !== true),
      ...ran.map((row) => row.scenarioId as string),
    ])
    return [...scenarios].map((scenario) =>
      cellOf(
        expectationFor(table, scenario, version),
        ran.filter((row) => row.scenarioId === scenario),
        evidenceFor(ledger, scenario, version),
      ),
    )
  })

const pad = (text: string, width: number) => text.padEnd(width)

const formatMs = (ms: number | undefined) => (ms === undefined ? '-' : String(Math.round(ms)))

export const formatCells = (cells: readonly MatrixCell[]): string => {
  const header = [
    'scenario',
    'LiveStore',
    'span',
    'expected',
    'observed',
    'verdict ms (median)',
    'evidence (ledger)',
    'result',
  ]
  const rows = cells.map((cell) => {
    const { expectation, judgement } = cell
    const observed = [...cell.observed, ...cell.errors.map((error) => `error: ${error}`)].join('; ') || 'no run'
    return [
      expectation.scenario,
      expectation.version,
      expectation.noCell === true ? 'none' : describeSpan(expectation),
      describeExpectation(expectation),
      `${observed} (${cell.runs} run${cell.runs === 1 ? '' : 's'})`,
      formatMs(median(cell.timesMs)),
      describeEvidence(cell.evidence),
      judgement.status === 'passed'
        ? 'ok'
        : judgement.status === 'failed'
          ? `FAIL: ${judgement.reason}`
          : `not judged (${judgement.reason})`,
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
