import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { DataFileError } from '../harness/base/data-file.ts'
import { compareVersions } from '../harness/livestore/traits.ts'
import { repoPath } from '../harness/paths.ts'
import { buildCells } from '../harness/report/matrix-table.ts'
import type { SummaryRow } from '../harness/report/summary.ts'
import { addRuns, describeEvidence, type Ledger, loadLedger, writeLedger } from '../harness/verdict/evidence.ts'
import {
  cellsExpecting,
  checkExpectation,
  describeExpectation,
  describeSpan,
  EXPECTATIONS_PATH,
  type Expectation,
  type ExpectationTable,
  expectationFor,
  formatSpan,
  loadExpectations,
  loadGateVersions,
  parseExpectations,
} from '../harness/verdict/expectations.ts'
import { judgeRate, wilson } from '../harness/verdict/judgement.ts'
import type { LivestoreUnderTest, Verdict, VerdictRecord } from '../harness/verdict/verdict-record.ts'

const stall: Expectation = {
  scenario: 'family-A-silent-drop',
  version: '0.4.0-dev.9',
  from: '0.4.0-dev.8',
  through: '0.4.0-dev.9',
  expect: 'stalls',
  stage: 'leader-received',
  family: 'A',
}
const drain: Expectation = {
  scenario: 'family-A-silent-drop',
  version: '0.4.0',
  from: '0.4.0-dev.12',
  expect: 'drains',
}
const verdict = (partial: Partial<Verdict>): Verdict => ({
  ok: false,
  stage: 'leader-received',
  message: 'm',
  stages: [],
  ...partial,
})

test('the shipped expectations parse, and a malformed span names the file and the span', () => {
  expect(Object.keys(loadExpectations())).toContain('family-A-silent-drop')
  const file = (spans: unknown[]) => JSON.stringify({ gate: [], scenarios: { x: spans } })
  const path = repoPath('fixtures/bad.json')
  expect(() => parseExpectations(file([{ from: '0.4.0', expect: 'stalls', stage: 'nowhere' }]), path)).toThrow(
    new DataFileError(
      'fixtures/bad.json: scenarios.x[0].stage: must be one of committed, leader-received, leader-advanced, backend-received, backend-stored, leader-confirmed, session-confirmed, drained, peer-received, store-answering, tab-started',
    ),
  )
  expect(() =>
    parseExpectations(
      file([
        { from: '0.4.0-dev.9', expect: 'drains' },
        { from: '0.4.0', expect: 'drains' },
      ]),
      path,
    ),
  ).toThrow(new DataFileError(`${path}: scenarios["x"][1]: from 0.4.0 overlaps span [0] (through every later version)`))
  expect(() => parseExpectations(file([{ from: '0.4.0', through: '0.4.0-dev.9', expect: 'drains' }]), path)).toThrow(
    new DataFileError(`${path}: scenarios["x"][0]: through 0.4.0-dev.9 comes before from 0.4.0`),
  )
  expect(() => parseExpectations(file([{ from: 'latest', expect: 'drains' }]), path)).toThrow(
    /scenarios\.x\[0\]\.from: must be a LiveStore version/,
  )
  expect(() =>
    parseExpectations(file([{ from: '0.4.0', expect: 'drains', refs: [{ pr: 1530, state: 'fixed' }] }]), path),
  ).toThrow(DataFileError)
})

test('the file writes each span as formatSpan does (the form npm run bisect prints)', () => {
  const lines = readFileSync(EXPECTATIONS_PATH, 'utf8')
    .split('\n')
    .map((line) => line.trim().replace(/,$/, ''))
    .filter((line) => line.startsWith('{ "from"'))
  expect(lines.length).toBeGreaterThan(20)
  for (const line of lines) expect(formatSpan(JSON.parse(line))).toBe(line)
})

test("no count lives in the expectations: counts are the ledger's", () => {
  expect(readFileSync(EXPECTATIONS_PATH, 'utf8')).not.toMatch(/[0-9]+ of [0-9]+/)
})

test('a span covers the versions from its first through its last, or every later one', () => {
  const table = parseExpectations(
    JSON.stringify({
      gate: [],
      scenarios: {
        x: [
          { from: '0.4.0-dev.8', through: '0.4.0-dev.22', expect: 'stalls', stage: 'leader-advanced', family: 'B' },
          { from: '0.4.0-dev.23', expect: 'drains' },
        ],
      },
    }),
  )
  expect(expectationFor(table, 'x', '0.3.1')).toMatchObject({ expect: 'drains', noCell: true })
  expect(describeExpectation(expectationFor(table, 'x', '0.3.1'))).toBe(
    'drains (no span: add one covering 0.3.1 to scenarios["x"] in fixtures/expectations.json)',
  )
  expect(expectationFor(table, 'x', '0.4.0-dev.8')).toMatchObject({ expect: 'stalls', family: 'B' })
  expect(expectationFor(table, 'x', '0.4.0-dev.20')).toMatchObject({ expect: 'stalls', family: 'B' })
  expect(expectationFor(table, 'x', '0.4.0-dev.23')).toMatchObject({ expect: 'drains' })
  expect(expectationFor(table, 'x', '0.4.1')).toMatchObject({ expect: 'drains', version: '0.4.1' })
  expect(expectationFor(table, 'x', '0.4.1').noCell).toBeUndefined()
  expect([describeSpan(stall), describeSpan(drain), describeSpan({ from: '0.4.0' })]).toEqual([
    '0.4.0-dev.8 … 0.4.0-dev.9',
    '0.4.0-dev.12 on',
    '0.4.0 on',
  ])
})

test('a stall is held by the cells that expect its stage and family on that version', () => {
  const table = parseExpectations(
    JSON.stringify({
      gate: [],
      scenarios: {
        b: [{ from: '0.4.0-dev.8', through: '0.4.0-dev.22', expect: 'stalls', stage: 'leader-advanced', family: 'B' }],
        d: [{ from: '0.4.0', expect: 'stalls', stage: 'store-answering', family: 'D' }],
        drains: [{ from: '0.4.0', expect: 'drains' }],
      },
    }),
  )
  expect(cellsExpecting(table, '0.4.0-dev.9', { stage: 'leader-advanced', family: 'B' })).toEqual(['b'])
  expect(cellsExpecting(table, '0.4.0', { stage: 'leader-advanced', family: 'B' })).toEqual([])
  expect(cellsExpecting(table, '0.4.0', { stage: 'store-answering', family: 'D' })).toEqual(['d'])
  // The same family at another stage is another stall.
  expect(cellsExpecting(table, '0.4.0', { stage: 'backend-received', family: 'D' })).toEqual([])
})

test("the gate's versions are the shipped file's, and a gate version in no span is refused", () => {
  expect(loadGateVersions()).toEqual(['0.4.0-dev.9', '0.4.0-dev.22', '0.4.0'])
  const path = join(mkdtempSync(join(tmpdir(), 'expectations-')), 'expectations.json')
  writeFileSync(path, JSON.stringify({ gate: ['0.3.1'], scenarios: { x: [{ from: '0.4.0', expect: 'drains' }] } }))
  expect(() => loadGateVersions(path)).toThrow(new DataFileError(`${path}: gate: 0.3.1 is in no scenario's span`))
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
    ...verdict(stalled ? { family: { id: 'A', explanation: '' } } : { ok: true, stage: 'drained' }),
    livestore: published(version),
    storeId: '',
    windowMs: 1,
    timeToVerdictMs: 1,
  },
  artifacts: [],
  metrics: [],
})

const times = <A>(n: number, value: A) => Array.from({ length: n }, () => value)
const judged = (table: ExpectationTable, rows: SummaryRow[], versions: string[], ledger: Ledger = new Map()) =>
  buildCells(table, rows, versions, ledger).map((cell) => cell.judgement.status)

test('a drain and a deterministic stall are judged on every run; a run without a verdict fails', () => {
  const table: ExpectationTable = {
    'family-A-silent-drop': [
      { ...stall, from: '0.4.0-dev.8', through: '0.4.0-dev.9' },
      { from: '0.4.0-dev.12', expect: 'drains' },
    ],
  }
  const dev9 = (stalled: boolean) => row('0.4.0-dev.9', stalled, stalled)
  const v040 = (stalled: boolean) => row('0.4.0', !stalled, stalled)
  expect(judged(table, [...times(20, dev9(true)), ...times(20, v040(false))], ['0.4.0-dev.9', '0.4.0'])).toEqual([
    'passed',
    'passed',
  ])
  // One miss in twenty fails a deterministic cell: no share of misses is allowed.
  expect(judged(table, [...times(19, dev9(true)), dev9(false)], ['0.4.0-dev.9'])).toEqual(['failed'])
  expect(judged(table, [...times(19, v040(false)), v040(true)], ['0.4.0'])).toEqual(['failed'])
  const noVerdict = { ...v040(false), verdict: null, outcome: 'failed' as const, observed: 'barrier not reached' }
  expect(judged(table, [v040(false), noVerdict], ['0.4.0'])).toEqual(['failed'])
  // A cell with no run is not passed either.
  expect(judged(table, [], ['0.4.0-dev.9', '0.4.0'])).toEqual(['failed', 'failed'])
  const unlisted = buildCells(
    {},
    [{ ...row('0.4.0-dev.19', true, false), scenarioId: 'x' }],
    ['0.4.0-dev.19'],
    new Map(),
  )
  expect(unlisted.map((cell) => [cell.expectation.noCell, cell.judgement.status])).toEqual([[true, 'not judged']])
})

test("a cell that met its expectation on fewer than 20 runs, the ledger's and the run's, is not judged", () => {
  const table: ExpectationTable = { 'family-A-silent-drop': [{ ...stall, from: '0.4.0-dev.8' }] }
  const stalls = (n: number) => times(n, row('0.4.0-dev.9', true, true))
  const [few] = buildCells(table, stalls(19), ['0.4.0-dev.9'], new Map())
  expect(few?.judgement).toEqual({
    status: 'not judged',
    reason: '19 of 19 runs as expected; 19 of the 20 runs a cell rests on',
  })
  const ledger: Ledger = new Map([
    [
      'family-A-silent-drop',
      {
        scenario: 'family-A-silent-drop',
        versions: {
          '0.4.0-dev.9': {
            stalled: [{ stage: 'leader-received', family: 'A', runs: 18 }],
            drained: 0,
            noVerdict: 3,
            dates: ['2026-12-03'],
            harness: ['abc'],
            fingerprints: ['x'],
          },
        },
      },
    ],
  ])
  // A run without a verdict backs nothing: 18 of the ledger's 21 runs count, and this run's 2.
  expect(judged(table, stalls(1), ['0.4.0-dev.9'], ledger)).toEqual(['not judged'])
  expect(judged(table, stalls(2), ['0.4.0-dev.9'], ledger)).toEqual(['passed'])
  // A miss fails at once, however few the runs.
  expect(judged(table, [row('0.4.0-dev.9', false, false)], ['0.4.0-dev.9'])).toEqual(['failed'])
})

test('a rate is judged over the ledger and the run at 95 %, and is "not judged" until there are enough runs', () => {
  const sometimes: Expectation = { ...stall, atLeast: 50 }
  expect(checkExpectation(verdict({ ok: true, stage: 'drained' }), sometimes).pass).toBe(true)
  const table: ExpectationTable = { 'family-A-silent-drop': [sometimes] }
  const rows = (stalls: number, drains: number) => [
    ...times(stalls, row('0.4.0-dev.9', true, true)),
    ...times(drains, row('0.4.0-dev.9', true, false)),
  ]
  // One run proves no rate, stalled or drained.
  expect(judged(table, rows(1, 0), ['0.4.0-dev.9'])).toEqual(['not judged'])
  expect(judged(table, rows(0, 1), ['0.4.0-dev.9'])).toEqual(['not judged'])
  expect(judged(table, rows(16, 4), ['0.4.0-dev.9'])).toEqual(['passed'])
  expect(judged(table, rows(2, 18), ['0.4.0-dev.9'])).toEqual(['failed'])
  // The ledger's runs count with the run's.
  const ledger: Ledger = new Map([
    [
      'family-A-silent-drop',
      {
        scenario: 'family-A-silent-drop',
        versions: {
          '0.4.0-dev.9': {
            drained: 2,
            stalled: [
              { stage: 'leader-received', family: 'A', runs: 18 },
              { stage: 'leader-advanced', family: 'A', runs: 3 },
            ],
            noVerdict: 2,
            dates: ['2026-12-01'],
            harness: ['abc'],
            fingerprints: ['f'],
          },
        },
      },
    ],
  ])
  expect(judged(table, rows(1, 0), ['0.4.0-dev.9'], ledger)).toEqual(['passed'])
  const cell = buildCells(table, rows(1, 0), ['0.4.0-dev.9'], ledger)[0]
  expect(cell?.judgement.reason).toBe('19 of 24 runs stalled as expected, at least 50 % at 95 %')
  // A stall at another stage is a miss, whatever the rate.
  expect(
    judged(
      table,
      [
        {
          ...row('0.4.0-dev.9', false, true),
          verdict: { ...(row('0.4.0-dev.9', false, true).verdict as VerdictRecord), stage: 'backend-stored' },
        },
      ],
      ['0.4.0-dev.9'],
    ),
  ).toEqual(['failed'])
})

test('the Wilson bound says how many runs a rate still needs', () => {
  expect(judgeRate(0, 20, 5)).toEqual({ status: 'not judged', reason: '0 of 20 runs stalled as expected; needs 73' })
  expect(judgeRate(0, 73, 5).status).toBe('failed')
  expect(judgeRate(1, 1, 50)).toEqual({ status: 'not judged', reason: '1 of 1 runs stalled as expected; needs 4' })
  expect(judgeRate(10, 20, 50).reason).toBe('10 of 20 runs stalled as expected; needs more runs')
  const { lower, upper } = wilson(16, 20)
  expect([lower.toFixed(3), upper.toFixed(3)]).toEqual(['0.584', '0.919'])
})

test('the ledger adds runs by stage and family, with days, commits and fingerprints, and describes itself', () => {
  const run = (ok: boolean, stage: Verdict['stage'] = 'leader-advanced') => ({
    scenario: 's',
    version: '0.4.0',
    fingerprint: 'f1',
    verdict: verdict({ ok, stage, ...(ok ? {} : { family: { id: 'C' as const, explanation: '' } }) }),
  })
  const once = addRuns(new Map(), [run(false), run(false), run(true)], '2026-12-01', 'aaa')
  const twice = addRuns(once, [run(false), { ...run(true), verdict: null }], '2026-12-02', 'bbb')
  const evidence = twice.get('s')?.versions['0.4.0']
  expect(evidence).toEqual({
    drained: 1,
    stalled: [{ stage: 'leader-advanced', family: 'C', runs: 3 }],
    noVerdict: 1,
    dates: ['2026-12-01', '2026-12-02'],
    harness: ['aaa', 'bbb'],
    fingerprints: ['f1'],
  })
  expect(describeEvidence(evidence)).toBe('stalled at leader-advanced (C) 3, drained 1, no verdict 1 of 5 runs, 2 days')
  expect(describeEvidence(undefined)).toBe('no evidence')
  const dir = mkdtempSync(join(tmpdir(), 'ledger-'))
  writeLedger(twice, ['s'], dir)
  expect(loadLedger(dir)).toEqual(twice)
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ scenario: 's', versions: {} }))
  expect(() => loadLedger(dir)).toThrow(
    new DataFileError(`${join(dir, 'other.json')}: scenario: s is not the file's name`),
  )
})

test('versions sort with pre-releases before their release', () => {
  expect(['0.4.0', '0.4.0-dev.22', '0.3.1', '0.4.0-dev.9'].sort(compareVersions)).toEqual([
    '0.3.1',
    '0.4.0-dev.9',
    '0.4.0-dev.22',
    '0.4.0',
  ])
})
