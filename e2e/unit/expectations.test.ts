import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { compareVersions } from '../harness/livestore/traits.ts'
import { repoPath } from '../harness/paths.ts'
import { buildCells } from '../harness/report/matrix-table.ts'
import type { SummaryRow } from '../harness/report/summary.ts'
import { DataFileError } from '../harness/run/data-file.ts'
import {
  checkExpectation,
  describeExpectation,
  type Expectation,
  expectationFor,
  loadExpectations,
  loadGateVersions,
  parseExpectations,
} from '../harness/verdict/expectations.ts'
import type { LivestoreUnderTest, Verdict } from '../harness/verdict/verdict-record.ts'

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
  const bad = JSON.stringify({ gate: [], scenarios: { x: { '0.4.0': { expect: 'stalls', stage: 'nowhere' } } } })
  expect(() => parseExpectations(bad, repoPath('fixtures/bad.json'))).toThrow(
    new DataFileError(
      'fixtures/bad.json: scenarios.x["0.4.0"].stage: must be one of committed, leader-received, leader-advanced, backend-received, backend-stored, leader-confirmed, session-confirmed, drained, peer-received, store-answering, tab-started',
    ),
  )
})

test("the gate's versions are the shipped file's, and a gate version without cells is refused", () => {
  expect(loadGateVersions()).toEqual(['0.4.0-dev.9', '0.4.0-dev.22', '0.4.0'])
  const path = join(mkdtempSync(join(tmpdir(), 'expectations-')), 'expectations.json')
  writeFileSync(path, JSON.stringify({ gate: ['0.4.1'], scenarios: { x: { '0.4.0': { expect: 'drains' } } } }))
  expect(() => loadGateVersions(path)).toThrow(new DataFileError(`${path}: gate: 0.4.1 has no cell in scenarios`))
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

/** A published version as the global setup would resolve it (no files behind it: the matrix only reads its version). */
const published = (version: string): LivestoreUnderTest => ({
  request: { livestore: version, patches: [] },
  kind: 'published',
  version,
  patches: [],
  label: version,
  root: `/cache/livestore-${version}`,
  fingerprint: { packages: {}, hash: 'none' },
})

const row = (version: string, passed: boolean, stalled: boolean): SummaryRow => ({
  scenario: 't',
  scenarioId: 'family-A-silent-drop',
  project: 'e2e',
  livestore: published(version),
  expected: '',
  observed: stalled ? 'stalled' : 'drained',
  outcome: passed ? 'passed' : 'failed',
  timeToVerdictMs: 1,
  verdict: {
    ...verdict({ ok: !stalled }),
    livestore: published(version),
    storeId: '',
    windowMs: 1,
    timeToVerdictMs: 1,
  },
  artifacts: [],
  metrics: [],
})

test('the matrix requires 19 of 20 reproductions of a stall and no stall of a drain', () => {
  const table = { 'family-A-silent-drop': { '0.4.0-dev.9': stall, '0.4.0': drain } }
  const cells = (stallRows: SummaryRow[], drainRows: SummaryRow[]) =>
    buildCells(table, [...stallRows, ...drainRows], ['0.4.0-dev.9', '0.4.0']).map((cell) => cell.pass)
  const times = <A>(n: number, value: A) => Array.from({ length: n }, () => value)
  const dev9 = (passed: boolean, stalled: boolean) => row('0.4.0-dev.9', passed, stalled)
  const v040 = (passed: boolean, stalled: boolean) => row('0.4.0', passed, stalled)
  expect(cells([...times(19, dev9(true, true)), dev9(false, false)], times(20, v040(true, false)))).toEqual([
    true,
    true,
  ])
  expect(
    cells([...times(18, dev9(true, true)), ...times(2, dev9(false, false))], times(20, v040(true, false))),
  ).toEqual([false, true])
  expect(cells(times(20, dev9(true, true)), [...times(19, v040(true, false)), v040(false, true)])).toEqual([
    true,
    false,
  ])
  expect(cells([], [])).toEqual([false, false])
})

test('a scenario without a cell expects a drain and says how to add one; an atLeast cell counts stalls only', () => {
  const noCell = expectationFor({}, 'family-C-stale-push-head', '0.4.0-dev.19')
  expect(noCell).toMatchObject({ expect: 'drains', noCell: true })
  expect(describeExpectation(noCell)).toBe(
    'drains (no cell: add scenarios["family-C-stale-push-head"]["0.4.0-dev.19"] to fixtures/expectations.json)',
  )
  const sometimes: Expectation = { ...stall, atLeast: 50 }
  expect(checkExpectation(verdict({ ok: true, stage: 'drained' }), sometimes).pass).toBe(true)
  const rows = (stalls: number, drains: number) => [
    ...Array.from({ length: stalls }, () => row('0.4.0-dev.9', true, true)),
    ...Array.from({ length: drains }, () => row('0.4.0-dev.9', true, false)),
  ]
  const table = { 'family-A-silent-drop': { '0.4.0-dev.9': sometimes } }
  expect(buildCells(table, rows(10, 10), ['0.4.0-dev.9'])[0]?.pass).toBe(true)
  // One run of such a cell (the gate runs each once) cannot judge a rate: a drain is no failure.
  expect(buildCells(table, rows(0, 1), ['0.4.0-dev.9'])[0]?.pass).toBe(true)
  expect(buildCells(table, rows(9, 11), ['0.4.0-dev.9'])[0]?.pass).toBe(false)
  const unlisted = buildCells({}, [{ ...row('0.4.0-dev.19', true, false), scenarioId: 'x' }], ['0.4.0-dev.19'])
  expect(unlisted.map((cell) => [cell.expectation.noCell, cell.pass])).toEqual([[true, true]])
})

test('versions sort with pre-releases before their release', () => {
  expect(['0.4.0', '0.4.0-dev.22', '0.3.1', '0.4.0-dev.9'].sort(compareVersions)).toEqual([
    '0.3.1',
    '0.4.0-dev.9',
    '0.4.0-dev.22',
    '0.4.0',
  ])
})
