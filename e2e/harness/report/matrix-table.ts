import type { Expectation, ExpectationTable } from '../verdict/expectations.ts'
import { describeExpectation } from '../verdict/expectations.ts'
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

/** An expected stall must reproduce in at least 95 % of the runs; an expected drain must never stall. */
export const REPRO_THRESHOLD = 0.95

export const buildCells = (
  table: ExpectationTable,
  rowsByVersion: ReadonlyMap<string, readonly SummaryRow[]>,
): MatrixCell[] =>
  Object.values(table).flatMap((versions) =>
    Object.values(versions).map((expectation) => {
      const rows = (rowsByVersion.get(expectation.version) ?? []).filter(
        (row) => row.scenarioId === expectation.scenario,
      )
      const withVerdict = rows.filter((row) => row.verdict !== null)
      const errors = rows.filter((row) => row.verdict === null).map((row) => row.observed)
      const runs = withVerdict.length + errors.length
      const stalled = withVerdict.filter((row) => row.verdict?.ok === false).length
      const met = withVerdict.filter((row) => row.outcome === 'passed').length
      const pass =
        runs > 0 &&
        (expectation.expect === 'stalls'
          ? met >= Math.ceil(runs * REPRO_THRESHOLD)
          : stalled === 0 && errors.length === 0 && met === runs)
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
    }),
  )

const pad = (text: string, width: number) => text.padEnd(width)

const formatMs = (ms: number | undefined) => (ms === undefined ? '-' : String(Math.round(ms)))

export const formatCells = (cells: readonly MatrixCell[]): string => {
  const header = ['scenario', 'LiveStore', 'expected', 'observed', 'verdict ms (median)', 'reproduced', 'result']
  const rows = cells.map((cell) => {
    const { expectation } = cell
    const reproduced =
      expectation.expect === 'stalls'
        ? `${cell.met}/${cell.runs} stalled as expected`
        : `${cell.stalled}/${cell.runs} stalled`
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
