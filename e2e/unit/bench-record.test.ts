import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import {
  BENCH_DOC,
  benchQuotes,
  exploreTable,
  readBench,
  suiteFigures,
  suiteRows,
  suiteTable,
} from '../harness/report/bench-record.ts'
import type { SummaryRow } from '../harness/report/summary.ts'
import { phasesOf, type TimedStep } from '../harness/report/test-phases.ts'

// The docs' figures are what `npm run bench -- --record` wrote, never typed.

test('docs/measurements.md quotes fixtures/bench.json as the bench wrote it', () => {
  const quotes = benchQuotes(readBench())
  if (quotes.length === 0) throw new Error('no fixtures/bench.json: record one with npm run bench -- --record')
  const doc = readFileSync(BENCH_DOC, 'utf8')
  for (const quote of quotes) expect(doc).toContain(quote)
})

const at = (
  title: string,
  startMs: number,
  duration: number,
  steps: TimedStep[] = [],
  category = 'test.step',
): TimedStep => ({ title, category, startTime: new Date(startMs), duration, steps })

// A stalled test's tree as Playwright reports it: fixtures in the hooks, the harness's steps in the
// body, and gaps between them that no step covers (they count as steps).
const STALLED: TimedStep[] = [
  at(
    'Before Hooks',
    1000,
    6000,
    [at('Fixture "app"', 1050, 5900, [at("follow the boot's issue (window 3000 ms)", 6900, 50)], 'fixture')],
    'hook',
  ),
  at('open the priority menu of issue 3 in tab A', 7100, 200),
  at('follow issue 3 (window 3000 ms)', 7300, 3000, [at('barrier: leader push', 7300, 10)]),
  at('convergence: every client equals the backend', 10_400, 400),
  at(
    'After Hooks',
    10_800,
    700,
    [at('Fixture "app"', 10_850, 600, [at('bug-report bundle', 10_900, 500)], 'fixture')],
    'hook',
  ),
]

test("a test's time splits into boot, steps, verdict, convergence, bundle and teardown, each counted once", () => {
  const phases = phasesOf(STALLED)
  expect(phases).toEqual({
    totalMs: 10_500,
    boot: 6000,
    steps: 400,
    verdict: 3000,
    convergence: 400,
    bundle: 500,
    teardown: 200,
  })
  const { totalMs, ...parts } = phases
  expect(Object.values(parts).reduce((sum, part) => sum + part, 0)).toBe(totalMs)
})

const row = (scenarioId: string, observed: string, totalMs: number): SummaryRow => ({
  scenario: scenarioId,
  scenarioId,
  project: 'scenarios',
  livestore: null,
  expected: 'drains',
  observed,
  outcome: 'passed',
  timeToVerdictMs: null,
  verdict: null,
  artifacts: [],
  metrics: [],
  phases: { totalMs, boot: totalMs / 2, steps: 0, verdict: totalMs / 2, convergence: 0, bundle: 0, teardown: 0 },
})

test("the suite's rows are per-scenario medians with the commonest verdict; harness tests have no row", () => {
  const rows = suiteRows([
    row('priority-change', 'drained', 4000),
    row('family-F', 'stalled at leader-received (family F)', 20_000),
    row('priority-change', 'drained', 6000),
    row('family-F', 'stalled at leader-received (family F)', 10_000),
    row('family-F', 'drained', 8000),
    { ...row('self-test', 'passed', 1000), scenarioId: null },
  ])
  expect(rows.map(({ scenario, observed, runs, median }) => [scenario, observed, runs, median.totalMs])).toEqual([
    ['priority-change', 'drained', 2, 5000],
    ['family-F', 'stalled at leader-received (family F)', 3, 10_000],
  ])
  expect(suiteFigures(rows)).toEqual({ drainedMs: 5000, stalledMs: 10_000 })
})

test("the suite's record tells what the run cost the machine and the floor that sets", () => {
  const rows = suiteRows([row('priority-change', 'drained', 5000), row('priority-change', 'drained', 6000)])
  const record = {
    date: '2026-12-04',
    harness: 'abc',
    livestore: '0.4.0',
    tracepoints: true,
    machine: { cpus: 2, node: '20' },
    runs: 2,
    wallMs: 20_000,
    rows,
  }
  expect(suiteTable({ ...record, cpuMs: 30_000 })).toContain(
    'The machine was busy 30.0 CPU-s, 75 % of its 2 cores over the run: 15.0 CPU-s a test, so no schedule runs a test in less than 7.5 s on average on this machine.',
  )
  // A record from before the CPU was measured reads as it did.
  expect(suiteTable(record)).not.toContain('CPU-s')
})

test("an exploration's record reads as its throughput, then each kind found and whether it was kept", () => {
  const table = exploreTable({
    date: '2026-12-03',
    harness: 'abc',
    livestore: '0.4.0',
    tracepoints: true,
    machine: { cpus: 2, node: '20' },
    runs: 40,
    seed: '7',
    workers: 2,
    history: 10,
    steps: 600,
    exploreMs: 600_000,
    totalMs: 1_200_000,
    cpuMs: 720_000,
    stepCosts: [{ tag: 'commit', count: 100, medianMs: 176 }],
    found: [
      {
        kind: 'G/tab-started',
        count: 2,
        replays: { runs: 10, same: 10, inOrder: 9 },
        kept: 'fixtures/regressions/G-tab-started-7-3.json',
      },
      { kind: 'D/store-answering', count: 1, why: 'not shrunk: interrupted' },
      { kind: 'E/leader-confirmed', count: 3, heldBy: ['family-E-duplicate-live-page'] },
    ],
  })
  expect(table).toContain('| exploring | 600 steps in 10.0 min: 60.0 steps and 4.0 schedules a minute |')
  expect(table).toContain('| CPU per step | 1.20 CPU-s')
  expect(table).toContain('| with shrinking and replays | 20.0 min |')
  expect(table).toContain('| kinds kept | 1 of 3, and 1 held by the gate already |')
  expect(table).toContain('| G/tab-started | 2 | 10 / 9 / 10 | fixtures/regressions/G-tab-started-7-3.json |')
  expect(table).toContain('| D/store-answering | 1 | - | no: not shrunk: interrupted |')
  expect(table).toContain('| E/leader-confirmed | 3 | - | held by family-E-duplicate-live-page |')
})
