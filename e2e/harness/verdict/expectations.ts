import { Schema } from 'effect'
import { repoPath } from '../paths.ts'
import { decodeJson, readDataFile } from '../run/data-file.ts'
import { FamilyId, StageId, type Verdict } from './verdict-record.ts'

/** One cell of `fixtures/expectations.json`, as written there: what a scenario does on one LiveStore version. */
const Ref = Schema.optional(Schema.String).annotations({ description: 'the upstream reference (PR, issue)' })
const Cell = Schema.Union(
  Schema.Struct({ expect: Schema.Literal('drains'), ref: Ref }),
  Schema.Struct({
    expect: Schema.Literal('stalls'),
    /** The stage the verdict must name. */
    stage: StageId,
    /** The stall family the verdict must recognise. */
    family: Schema.optional(FamilyId),
    ref: Ref,
  }),
)

export const ExpectationsFile = Schema.Struct({
  description: Schema.optional(Schema.String),
  scenarios: Schema.Record({ key: Schema.String, value: Schema.Record({ key: Schema.String, value: Cell }) }),
})

export type Expectation = typeof Cell.Type & { scenario: string; version: string }

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

/** Every version some scenario names, oldest first. */
export const versionsIn = (table: ExpectationTable, compare: (a: string, b: string) => number): string[] =>
  [...new Set(Object.values(table).flatMap((versions) => Object.keys(versions)))].sort(compare)

export const describeExpectation = (expectation: Expectation): string =>
  expectation.expect === 'drains'
    ? 'drains'
    : `stalls at ${expectation.stage}${expectation.family === undefined ? '' : ` (family ${expectation.family})`}`

export interface ExpectationCheck {
  pass: boolean
  message: string
}

/** Whether a verdict is what the table expects, with the message a user needs either way. */
export const checkExpectation = (verdict: Verdict, expectation: Expectation): ExpectationCheck => {
  const cell = `${expectation.scenario} on LiveStore ${expectation.version}`
  const ref = expectation.ref === undefined ? '' : ` (${expectation.ref})`
  if (expectation.expect === 'drains') return { pass: verdict.ok, message: verdict.message }
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
