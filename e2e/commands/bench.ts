/**
 * `npm run bench [-- --runs N] [--record]`: the default scenario's phases, timed over N runs,
 * medians printed beside the last recorded ones (fixtures/bench.json). Uncached builds are timed on
 * their own; everything else is a real run of the default test, timed by its own fixtures and steps
 * (the bench runs the tests' machinery, not a copy).
 *
 * `npm run bench -- --suite [--runs N] [--record]`: every scenario of `npm run e2e`, N runs each,
 * each test split into boot, steps, wait for verdict, convergence, bundle and teardown, with the
 * run's wall time and the medians of drained and stalled tests.
 *
 * `--record` writes the medians to fixtures/bench.json and the tables docs/measurements.md quotes.
 * Measures; asserts nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UsageError } from '../harness/base/known-errors.ts'
import { busyCpuMs } from '../harness/base/machine-cpu.ts'
import { buildApp, viteBuildApp } from '../harness/build/app-build.ts'
import { bundleWorker, esbuildWorker } from '../harness/build/worker-bundle.ts'
import { resolveLivestore } from '../harness/livestore/resolve-target.ts'
import { repoPath } from '../harness/paths.ts'
import {
  type PhaseRecord,
  provenanceNow,
  readBench,
  type SuiteRecord,
  suiteFigures,
  suiteRows,
  suiteTable,
  writeBench,
} from '../harness/report/bench-record.ts'
import { median } from '../harness/report/statistics.ts'
import { STEP_TIMINGS_ENV, type StepTiming } from '../harness/report/step-timings.ts'
import { readSummaryRows, SUMMARY_DIR_ENV } from '../harness/report/summary.ts'
import { readConfig } from '../harness/run/config.ts'
import { runMain } from '../harness/run/main.ts'
import { runPlaywright } from '../harness/run/playwright-process.ts'

const DEFAULT_TEST = 'e2e/scenarios/priority-change.spec.ts'
/** Phases quicker than this (the knobs' fixtures, reads of a data file) are listed by name only. */
const QUICK_MS = 5

const timed = async (phase: string, run: () => Promise<unknown>): Promise<StepTiming> => {
  const startedAt = performance.now()
  await run()
  return { phase, ms: performance.now() - startedAt }
}

const inTempDir = async (run: (dir: string) => Promise<void>) => {
  const dir = mkdtempSync(join(tmpdir(), 'harness-bench-'))
  try {
    await run(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const USAGE = 'usage: npm run bench -- [--suite] [--runs N] [--record]'

const parseBenchArgs = (argv: readonly string[]) => {
  const runsArg = argv.indexOf('--runs')
  const runs = runsArg === -1 ? 3 : Number(argv[runsArg + 1])
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs needs a positive integer (${USAGE})`)
  const unknown = argv.filter(
    (arg, index) => !['--runs', '--record', '--suite'].includes(arg) && argv[index - 1] !== '--runs',
  )
  if (unknown.length > 0) throw new UsageError(`unknown argument ${unknown[0]} (${USAGE})`)
  return { runs, record: argv.includes('--record'), suite: argv.includes('--suite') }
}

type Provenance = Omit<PhaseRecord, 'phases'>

/** The default scenario, phase by phase, N times. */
const benchDefault = async (
  provenance: Provenance,
  target: Awaited<ReturnType<typeof resolveLivestore>>,
  last: PhaseRecord | undefined,
): Promise<PhaseRecord> => {
  const { runs, tracepoints } = provenance
  const timingsFile = join(mkdtempSync(join(tmpdir(), 'harness-bench-')), 'timings.json')
  process.env[STEP_TIMINGS_ENV] = timingsFile
  const all: StepTiming[] = []
  for (let run = 1; run <= runs; run++) {
    console.log(`run ${run}/${runs}…`)
    all.push(
      await timed('worker bundle (uncached)', () => inTempDir((dir) => esbuildWorker(dir, target, tracepoints))),
      await timed('app build (uncached)', () => inTempDir((dir) => viteBuildApp(dir, target, tracepoints))),
      await timed('builds (cached)', () =>
        Promise.all([bundleWorker(target, tracepoints), buildApp(target, tracepoints)]),
      ),
    )
    const total = await timed('warm run of the default test (total)', async () => {
      const code = await runPlaywright(['test', DEFAULT_TEST, `--reporter=./e2e/harness/report/step-timings.ts`])
      if (code !== 0) throw new Error(`the default test exited with ${code}`)
    })
    all.push(...(JSON.parse(readFileSync(timingsFile, 'utf8')) as StepTiming[]), total)
  }
  rmSync(join(timingsFile, '..'), { recursive: true, force: true })
  const phases: { phase: string; medianMs: number }[] = []
  const quick: string[] = []
  for (const phase of new Set(all.map((timing) => timing.phase))) {
    const medianMs = Math.round(median(all.filter((timing) => timing.phase === phase).map((timing) => timing.ms)) ?? 0)
    if (medianMs < QUICK_MS) quick.push(phase)
    else phases.push({ phase, medianMs })
  }
  const lastOf = (phase: string) => last?.phases.find((recorded) => recorded.phase === phase)?.medianMs
  console.log(
    `\nmedian of ${runs} runs (ms), beside the last recorded (${last?.date ?? 'none'}, ${last?.harness ?? '-'}):`,
  )
  for (const { phase, medianMs } of phases) {
    console.log(`  ${phase.padEnd(48)} ${String(medianMs).padStart(6)}   ${String(lastOf(phase) ?? '-').padStart(6)}`)
  }
  console.log(`  under ${QUICK_MS} ms: ${quick.join(', ')}`)
  return { ...provenance, phases }
}

/** Every scenario of `npm run e2e`, N runs each, through the verdict reporter's split of each test. */
const benchSuite = async (provenance: Provenance, last: SuiteRecord | undefined): Promise<SuiteRecord | undefined> => {
  const summaryDir = mkdtempSync(join(tmpdir(), 'harness-bench-'))
  process.env[SUMMARY_DIR_ENV] = summaryDir
  const startedAt = performance.now()
  const cpuAtStart = busyCpuMs()
  const code = await runPlaywright([
    'test',
    '--project=scenarios',
    '--repeat-each',
    String(provenance.runs),
    '--output',
    repoPath('test-results/bench'),
    '--reporter=list,./e2e/harness/report/verdict-reporter.ts',
  ])
  const wallMs = Math.round(performance.now() - startedAt)
  const cpuMs = busyCpuMs() - cpuAtStart
  const rows = suiteRows(readSummaryRows(summaryDir))
  rmSync(summaryDir, { recursive: true, force: true })
  const record = { ...provenance, wallMs, cpuMs, rows }
  console.log(`\n${suiteTable(record)}`)
  if (last !== undefined) {
    const { drainedMs, stalledMs } = suiteFigures(last.rows)
    console.log(
      `last recorded (${last.date}, ${last.harness}): wall ${last.wallMs} ms, median drained ${drainedMs ?? '-'} ms, median stalled ${stalledMs ?? '-'} ms`,
    )
  }
  // A red run is not a measurement of the suite: it is printed, never recorded.
  if (code !== 0 || rows.length === 0) {
    console.log(`the suite's run exited with ${code}: not a measurement to record`)
    return undefined
  }
  return record
}

runMain('bench', async () => {
  const { runs, record, suite } = parseBenchArgs(process.argv.slice(2))
  const last = readBench()
  const { livestore, tracepoints } = readConfig()
  const target = await resolveLivestore(livestore, (line) => console.log(line))
  console.log(`LiveStore: ${target.label}, tracepoints ${tracepoints ? 'on' : 'off (E2E_TRACEPOINTS=off)'}`)
  const provenance: Provenance = provenanceNow(target.label, tracepoints, runs)
  if (suite) {
    const measured = await benchSuite(provenance, last.suite)
    if (measured === undefined) return 1
    if (record) writeBench({ ...last, suite: measured })
  } else {
    const measured = await benchDefault(provenance, target, last.default)
    if (record) writeBench({ ...last, default: measured })
  }
  if (record) console.log('recorded: fixtures/bench.json, and its tables in docs/measurements.md')
  return 0
})
