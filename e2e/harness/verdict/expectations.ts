import { repoPath } from '../paths.ts'
import { parseFixtureJson, readFixtureFile } from '../run/data-file.ts'
import type { StageId, Verdict } from './diagnose.ts'

/** One cell of `fixtures/expectations.json`: what a scenario does on one LiveStore version. */
export interface Expectation {
  scenario: string
  version: string
  expect: 'drains' | 'stalls'
  /** For `stalls`: the stage the verdict must name. */
  stage?: StageId
  /** For `stalls`: the stall family the verdict must recognise (A, B, C, D). */
  family?: string
  /** The upstream reference (PR, issue) behind the expectation. */
  ref?: string
}

export type ExpectationTable = Record<string, Record<string, Expectation>>

export const EXPECTATIONS_PATH = repoPath('fixtures/expectations.json')

const STAGES: readonly StageId[] = [
  'committed',
  'leader-received',
  'leader-advanced',
  'backend-received',
  'backend-stored',
  'leader-confirmed',
  'session-confirmed',
  'store-answering',
]

/** Parses and checks the table; a malformed cell is a one-line error naming the file and the cell. */
export const parseExpectations = (text: string, path = EXPECTATIONS_PATH): ExpectationTable => {
  const { raw, fail } = parseFixtureJson(text, path)
  const scenarios = (raw as { scenarios?: unknown } | null)?.scenarios
  if (typeof scenarios !== 'object' || scenarios === null) return fail('"scenarios" must be an object')
  const table: ExpectationTable = {}
  for (const [scenario, versions] of Object.entries(scenarios)) {
    if (typeof versions !== 'object' || versions === null) fail(`scenarios.${scenario} must be an object of versions`)
    table[scenario] = {}
    for (const [version, cell] of Object.entries(versions as Record<string, unknown>)) {
      const at = `scenarios.${scenario}.${version}`
      const { expect, stage, family, ref } = (cell ?? {}) as Record<string, unknown>
      if (expect !== 'drains' && expect !== 'stalls') fail(`${at}.expect must be "drains" or "stalls"`)
      if (expect === 'stalls' && !STAGES.includes(stage as StageId))
        fail(`${at}.stage must be one of ${STAGES.join(', ')}`)
      if (ref !== undefined && typeof ref !== 'string') fail(`${at}.ref must be a string`)
      if (family !== undefined && !['A', 'B', 'C', 'D'].includes(family as string))
        fail(`${at}.family must be A, B, C or D`)
      table[scenario][version] = {
        scenario,
        version,
        expect: expect as Expectation['expect'],
        ...(expect === 'stalls' ? { stage: stage as StageId } : {}),
        ...(typeof family === 'string' ? { family } : {}),
        ...(typeof ref === 'string' ? { ref } : {}),
      }
    }
  }
  return table
}

export const loadExpectations = (path = EXPECTATIONS_PATH): ExpectationTable =>
  parseExpectations(readFixtureFile(path), path)

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
