import { Schema } from 'effect'
import { repoPath } from '../paths.ts'
import { DataFileError, decodeJson, readDataFile } from '../run/data-file.ts'
import { FamilyId, type Verdict, VerdictStage } from './verdict-record.ts'

/** One cell of `fixtures/expectations.json`, as written there: what a scenario does on one LiveStore version. */
const Ref = Schema.optional(Schema.String).annotations({ description: 'the upstream reference (PR, issue)' })
const Cell = Schema.Union(
  Schema.Struct({ expect: Schema.Literal('drains'), ref: Ref }),
  Schema.Struct({
    expect: Schema.Literal('stalls'),
    /** The stage the verdict must name. */
    stage: VerdictStage,
    /** The stall family the verdict must recognise. */
    family: Schema.optional(FamilyId),
    /**
     * A race that does not strike every run (measured, e.g. the seed's boot on 0.4.0-dev.9): the
     * percentage of runs that must stall. A single run that drains then passes; the matrix counts.
     */
    atLeast: Schema.optional(
      Schema.Number.pipe(Schema.between(1, 100)).annotations({
        message: () => ({ message: 'must be a percentage from 1 to 100', override: true }),
      }),
    ),
    ref: Ref,
  }),
)

export const ExpectationsFile = Schema.Struct({
  description: Schema.optional(Schema.String),
  /** The versions `npm test` runs the matrix on (`npm run matrix -- --versions all`: every version with a cell). */
  gate: Schema.Array(Schema.String),
  scenarios: Schema.Record({ key: Schema.String, value: Schema.Record({ key: Schema.String, value: Cell }) }),
})

export type Expectation = typeof Cell.Type & {
  scenario: string
  version: string
  /** The table has no cell for this scenario on this version: the run expects a drain, and says so. */
  noCell?: true
}

export type ExpectationTable = Record<string, Record<string, Expectation>>

export const EXPECTATIONS_PATH = repoPath('fixtures/expectations.json')

const toTable = ({ scenarios }: typeof ExpectationsFile.Type): ExpectationTable =>
  Object.fromEntries(
    Object.entries(scenarios).map(([scenario, versions]) => [
      scenario,
      Object.fromEntries(Object.entries(versions).map(([version, cell]) => [version, { ...cell, scenario, version }])),
    ]),
  )

/** Parses and checks the table; a malformed cell is a one-line error naming the file and the cell. */
export const parseExpectations = (text: string, path = EXPECTATIONS_PATH): ExpectationTable =>
  toTable(decodeJson(ExpectationsFile, text, path))

export const loadExpectations = (path = EXPECTATIONS_PATH): ExpectationTable =>
  toTable(readDataFile(ExpectationsFile, path))

/** The gate's versions, each checked to have cells (a typo must not gate nothing). */
export const loadGateVersions = (path = EXPECTATIONS_PATH): readonly string[] => {
  const file = readDataFile(ExpectationsFile, path)
  const withCells = new Set(Object.values(file.scenarios).flatMap((versions) => Object.keys(versions)))
  const unknown = file.gate.find((version) => !withCells.has(version))
  if (unknown !== undefined) throw new DataFileError(`${path}: gate: ${unknown} has no cell in scenarios`)
  return file.gate
}

/**
 * The cell of a scenario on a version; without one, a drain is expected (a stall is a finding,
 * never a silent skip).
 */
export const expectationFor = (table: ExpectationTable, scenario: string, version: string): Expectation =>
  table[scenario]?.[version] ?? { scenario, version, expect: 'drains', noCell: true }

/** The share of runs an expected stall must reproduce in, unless its cell says otherwise. */
export const DEFAULT_REPRODUCTION_PERCENT = 95

/** Every version some scenario names, oldest first. */
export const versionsIn = (table: ExpectationTable, compare: (a: string, b: string) => number): string[] =>
  [...new Set(Object.values(table).flatMap((versions) => Object.keys(versions)))].sort(compare)

export const describeExpectation = (expectation: Expectation): string => {
  if (expectation.expect === 'drains') {
    return expectation.noCell === true
      ? `drains (no cell: add scenarios["${expectation.scenario}"]["${expectation.version}"] to fixtures/expectations.json)`
      : 'drains'
  }
  const family = expectation.family === undefined ? '' : ` (family ${expectation.family})`
  const share = expectation.atLeast === undefined ? '' : ` in ≥ ${expectation.atLeast} % of runs`
  return `stalls at ${expectation.stage}${family}${share}`
}

export interface ExpectationCheck {
  pass: boolean
  message: string
}

/** Whether a verdict is what the table expects, with the message a user needs either way. */
export const checkExpectation = (verdict: Verdict, expectation: Expectation): ExpectationCheck => {
  const cell = `${expectation.scenario} on LiveStore ${expectation.version}`
  const ref = expectation.ref === undefined ? '' : ` (${expectation.ref})`
  if (expectation.expect === 'drains') return { pass: verdict.ok, message: verdict.message }
  if (verdict.ok && expectation.atLeast !== undefined) {
    return {
      pass: true,
      message: `drained this time; ${cell} stalls in at least ${expectation.atLeast} % of runs (the matrix counts)${ref}`,
    }
  }
  if (verdict.ok) {
    return {
      pass: false,
      message: `fixed? update the expectation: ${cell} is expected to stall at ${expectation.stage}${ref}, but ${verdict.message}`,
    }
  }
  if (verdict.stage !== expectation.stage) {
    return {
      pass: false,
      message: `${cell} is expected to stall at ${expectation.stage}${ref}, but stalled at ${verdict.stage}: ${verdict.message}`,
    }
  }
  if (expectation.family !== undefined && verdict.family?.id !== expectation.family) {
    return {
      pass: false,
      message: `${cell} is expected to stall as family ${expectation.family}${ref}, but the tracepoints show ${verdict.family === undefined ? 'no known family' : `family ${verdict.family.id}`}: ${verdict.message}`,
    }
  }
  return { pass: true, message: `expected stall reproduced: ${verdict.message}` }
}
