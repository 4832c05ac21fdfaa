/**
 * `npm run bench [-- --runs N]`: the default scenario's phases, timed over N runs, medians
 * printed. Uncached builds are timed on their own; everything else is a real run of the default
 * test, timed by its own fixtures and steps (the bench runs the tests' machinery, not a copy).
 * Measures; asserts nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UsageError } from '../harness/base/known-errors.ts'
import { buildApp, viteBuildApp } from '../harness/build/app-build.ts'
import { bundleWorker, esbuildWorker } from '../harness/build/worker-bundle.ts'
import { resolveLivestore } from '../harness/livestore/resolve-target.ts'
import { median } from '../harness/report/statistics.ts'
import { STEP_TIMINGS_ENV, type StepTiming } from '../harness/report/step-timings.ts'
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

runMain('bench', async () => {
  const runsArg = process.argv.indexOf('--runs')
  const runs = runsArg === -1 ? 3 : Number(process.argv[runsArg + 1])
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError('--runs needs a positive integer')
  const { livestore, tracepoints } = readConfig()
  const target = await resolveLivestore(livestore, (line) => console.log(line))
  console.log(`LiveStore: ${target.label}, tracepoints ${tracepoints ? 'on' : 'off (E2E_TRACEPOINTS=off)'}`)
  const timingsFile = join(mkdtempSync(join(tmpdir(), 'harness-bench-')), 'timings.json')
  process.env[STEP_TIMINGS_ENV] = timingsFile
  const all: StepTiming[] = []
  for (let run = 1; run <= runs; run++) {
    console.log(`run ${run}/${runs}…`)
    all.push(
      await timed('worker bundle (uncached)', () => inTempDir((dir) => esbuildWorker(dir, target))),
      await timed('app build (uncached)', () => inTempDir((dir) => viteBuildApp(dir, target, tracepoints))),
      await timed('builds (cached)', () => Promise.all([bundleWorker(target), buildApp(target, tracepoints)])),
    )
    const total = await timed('warm run of the default test (total)', async () => {
      const code = await runPlaywright(['test', DEFAULT_TEST, `--reporter=./e2e/harness/report/step-timings.ts`])
      if (code !== 0) throw new Error(`the default test exited with ${code}`)
    })
    all.push(...(JSON.parse(readFileSync(timingsFile, 'utf8')) as StepTiming[]), total)
  }
  rmSync(join(timingsFile, '..'), { recursive: true, force: true })
  console.log(`\nmedian of ${runs} runs (ms):`)
  const quick: string[] = []
  for (const phase of new Set(all.map((timing) => timing.phase))) {
    const values = all.filter((timing) => timing.phase === phase).map((timing) => Math.round(timing.ms))
    const typical = Math.round(median(values) ?? 0)
    if (typical < QUICK_MS) quick.push(phase)
    else console.log(`  ${phase.padEnd(48)} ${String(typical).padStart(6)}   [${values.join(', ')}]`)
  }
  console.log(`  under ${QUICK_MS} ms: ${quick.join(', ')}`)
  return 0
})
