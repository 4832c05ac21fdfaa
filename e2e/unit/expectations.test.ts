import { expect, test } from '@playwright/test'
import { compareVersions } from '../harness/livestore/traits.ts'
import { repoPath } from '../harness/paths.ts'
import { buildCells } from '../harness/report/matrix-table.ts'
import type { SummaryRow } from '../harness/report/verdict-reporter.ts'
import { FixtureError } from '../harness/run/data-file.ts'
import type { Verdict } from '../harness/verdict/diagnose.ts'
import {
  checkExpectation,
  type Expectation,
  loadExpectations,
  parseExpectations,
} from '../harness/verdict/expectations.ts'

const stall: Expectation = {
  scenario: 'family-A-silent-drop',
  version: '0.4.0-dev.9',
  expect: 'stalls',
  stage: 'leader-received',
  family: 'A',
}
const drain: Expectation = { scenario: 'family-A-silent-drop', version: '0.4.0', expect: 'drains' }
const verdict = (partial: Partial<Verdict>): Verdict => ({
  ok: false,
  stage: 'leader-received',
  message: 'm',
  stages: [],
  ...partial,
})

test('the shipped expectations parse, and a malformed cell names the file and the cell', () => {
  expect(Object.keys(loadExpectations())).toContain('family-A-silent-drop')
  const bad = JSON.stringify({ scenarios: { x: { '0.4.0': { expect: 'stalls', stage: 'nowhere' } } } })
  expect(() => parseExpectations(bad, repoPath('fixtures/bad.json'))).toThrow(
    new FixtureError(
      'fixtures/bad.json: scenarios.x.0.4.0.stage must be one of committed, leader-received, leader-advanced, backend-received, backend-stored, leader-confirmed, session-confirmed, store-answering',
    ),
  )
})

test('an expected stall that drains asks for the expectation to be updated', () => {
  const check = checkExpectation(verdict({ ok: true, stage: 'drained', message: 'drained' }), stall)
  expect(check.pass).toBe(false)
  expect(check.message).toMatch(/^fixed\? update the expectation: family-A-silent-drop on LiveStore 0.4.0-dev.9/)
})

test('an expected stall passes only at its stage and with its family; an expected drain only when drained', () => {
  expect(checkExpectation(verdict({ family: { id: 'A', explanation: '' } }), stall).pass).toBe(true)
  expect(checkExpectation(verdict({ stage: 'backend-stored', family: { id: 'A', explanation: '' } }), stall).pass).toBe(
    false,
  )
  expect(checkExpectation(verdict({ family: { id: 'B', explanation: '' } }), stall).pass).toBe(false)
  expect(checkExpectation(verdict({}), drain)).toEqual({ pass: false, message: 'm' })
  expect(checkExpectation(verdict({ ok: true }), drain).pass).toBe(true)
})

test('the matrix requires 19 of 20 reproductions of a stall and no stall of a drain', () => {
  const row = (passed: boolean, stalled: boolean): SummaryRow => ({
    scenario: 't',
    scenarioId: 'family-A-silent-drop',
    project: 'e2e',
    livestoreVersion: '',
    expected: '',
    observed: stalled ? 'stalled' : 'drained',
    outcome: passed ? 'passed' : 'failed',
    timeToVerdictMs: 1,
    verdict: { ...verdict({ ok: !stalled }), livestoreVersion: '', storeId: '', windowMs: 1, timeToVerdictMs: 1 },
    artifacts: [],
    metrics: [],
  })
  const table = { 'family-A-silent-drop': { '0.4.0-dev.9': stall, '0.4.0': drain } }
  const cells = (stallRows: SummaryRow[], drainRows: SummaryRow[]) =>
    buildCells(
      table,
      new Map([
        ['0.4.0-dev.9', stallRows],
        ['0.4.0', drainRows],
      ]),
    ).map((cell) => cell.pass)
  const times = <A>(n: number, value: A) => Array.from({ length: n }, () => value)
  expect(cells([...times(19, row(true, true)), row(false, false)], times(20, row(true, false)))).toEqual([true, true])
  expect(cells([...times(18, row(true, true)), ...times(2, row(false, false))], times(20, row(true, false)))).toEqual([
    false,
    true,
  ])
  expect(cells(times(20, row(true, true)), [...times(19, row(true, false)), row(false, true)])).toEqual([true, false])
  expect(cells([], [])).toEqual([false, false])
})

test('versions sort with pre-releases before their release', () => {
  expect(['0.4.0', '0.4.0-dev.22', '0.3.1', '0.4.0-dev.9'].sort(compareVersions)).toEqual([
    '0.3.1',
    '0.4.0-dev.9',
    '0.4.0-dev.22',
    '0.4.0',
  ])
})
