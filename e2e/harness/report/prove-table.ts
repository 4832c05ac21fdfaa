import { describeExpectation, type ExpectationTable, expectationFor } from '../verdict/expectations.ts'
import type { SummaryRow } from './summary.ts'

/**
 * `npm run prove`: a scenario run N times without a fix and N times with it, then every other
 * scenario once with it. Its verdict is "fixed" only when the scenario stalled before, drained
 * every time after, and no other scenario stalled where the table expects it to drain.
 */
export interface Side {
  /** `0.4.0`, `0.4.0+fix.patch`, `local:<path>`. */
  label: string
  rows: readonly SummaryRow[]
}

export interface SideCounts {
  runs: number
  stalled: number
  drained: number
  /** Runs that ended without a verdict (an error of the run): never counted as drained. */
  noVerdict: number
  /** `leader-advanced, family C` → how many stalls ended there. */
  stalls: ReadonlyMap<string, number>
}

const stallOf = (row: SummaryRow) =>
  row.verdict === null || row.verdict.ok
    ? undefined
    : `${row.verdict.stage}${row.verdict.family === undefined ? '' : `, family ${row.verdict.family.id}`}`

export const countSide = (rows: readonly SummaryRow[]): SideCounts => {
  const ran = rows.filter((row) => row.outcome !== 'skipped')
  const stalls = new Map<string, number>()
  for (const stall of ran.flatMap((row) => stallOf(row) ?? [])) stalls.set(stall, (stalls.get(stall) ?? 0) + 1)
  return {
    runs: ran.length,
    stalled: ran.filter((row) => stallOf(row) !== undefined).length,
    drained: ran.filter((row) => row.verdict?.ok === true).length,
    noVerdict: ran.filter((row) => row.verdict === null).length,
    stalls,
  }
}

/** Another scenario that stalled with the fix where the table expects the version it starts from to drain. */
export interface NewStall {
  scenario: string
  observed: string
}

export const newStalls = (others: readonly SummaryRow[], table: ExpectationTable, version: string): NewStall[] =>
  others.flatMap((row) => {
    if (row.scenarioId === null || row.outcome === 'skipped') return []
    const expected = expectationFor(table, row.scenarioId, version)
    const stall = stallOf(row)
    if (row.verdict === null) return [{ scenario: row.scenarioId, observed: `no verdict: ${row.observed}` }]
    return stall !== undefined && expected.expect === 'drains' ? [{ scenario: row.scenarioId, observed: stall }] : []
  })

export type ProveOutcome =
  | { result: 'fixed' }
  | { result: 'not fixed'; reason: string }
  | { result: 'fixed, but'; newStalls: readonly NewStall[] }
  | { result: 'not reproduced'; reason: string }

export const proveOutcome = (before: SideCounts, after: SideCounts, stalls: readonly NewStall[]): ProveOutcome => {
  if (before.stalled === 0) {
    return {
      result: 'not reproduced',
      reason: `it never stalled without the fix (${before.runs} runs): nothing to prove`,
    }
  }
  if (after.runs === 0) return { result: 'not fixed', reason: 'it did not run with the fix' }
  if (after.stalled > 0 || after.noVerdict > 0) {
    return {
      result: 'not fixed',
      reason: `with the fix it stalled in ${after.stalled} and ended without a verdict in ${after.noVerdict} of ${after.runs} runs`,
    }
  }
  return stalls.length === 0 ? { result: 'fixed' } : { result: 'fixed, but', newStalls: stalls }
}

export const describeOutcome = (scenario: string, outcome: ProveOutcome): string => {
  switch (outcome.result) {
    case 'fixed':
      return `fixed: ${scenario} drained every run with the fix, and no other scenario newly stalls`
    case 'fixed, but':
      return `fixed, but ${outcome.newStalls.map((stall) => `${stall.scenario} now stalls (${stall.observed})`).join('; ')}`
    default:
      return `${outcome.result}: ${outcome.reason}`
  }
}

const stallsCell = (counts: SideCounts) => [...counts.stalls].map(([stall, n]) => `${stall} (${n})`).join('; ') || '–'

/** The before/after table and the other scenarios, as markdown ready for a pull request. */
export const proveMarkdown = (input: {
  scenario: string
  before: Side
  after: Side
  others: readonly SummaryRow[]
  table: ExpectationTable
  version: string
  outcome: ProveOutcome
  command: string
}): string => {
  const row = (side: Side) => {
    const counts = countSide(side.rows)
    return `| ${side.label} | ${counts.runs} | ${counts.stalled} | ${stallsCell(counts)} | ${counts.drained} | ${counts.noVerdict} |`
  }
  const others = input.others
    .filter((other) => other.scenarioId !== null && other.outcome !== 'skipped')
    .map((other) => {
      const expected = describeExpectation(expectationFor(input.table, other.scenarioId as string, input.version))
      const observed = other.verdict === null ? `no verdict: ${other.observed}` : (stallOf(other) ?? 'drained')
      return `| ${other.scenarioId} | ${expected.replace(/ \(no cell.*\)$/, '')} | ${observed} |`
    })
  return [
    `## \`${input.scenario}\`: ${describeOutcome(input.scenario, input.outcome)}`,
    '',
    '| LiveStore | runs | stalled | stalled at (runs) | drained | no verdict |',
    '| --- | --- | --- | --- | --- | --- |',
    row(input.before),
    row(input.after),
    '',
    `Every other scenario once with the fix (expected: on LiveStore ${input.version}):`,
    '',
    '| scenario | expected | observed with the fix |',
    '| --- | --- | --- |',
    ...others,
    '',
    `\`${input.command}\``,
    '',
  ].join('\n')
}
