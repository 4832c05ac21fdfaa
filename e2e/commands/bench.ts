/**
 * `npm run bench [-- --runs N]`: the default scenario's phases, timed over N runs, medians
 * printed. The end-to-end figure is a real `npm run e2e` of the default test with builds cached.
 * Measures; asserts nothing.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { backlogEvents, DEFAULT_BACKLOG, loadBacklogFixture } from '../harness/backend/backlog.ts'
import { startBackend } from '../harness/backend/miniflare.ts'
import { LinearLiteApp } from '../harness/browser/app-driver.ts'
import { CHROMIUM_ARGS, findBrowser } from '../harness/browser/chromium.ts'
import { viteBuildApp } from '../harness/build/app-build.ts'
import { prepareBuilds } from '../harness/build/builds.ts'
import { esbuildWorker } from '../harness/build/worker-bundle.ts'
import { capturePageConsole } from '../harness/capture/console-capture.ts'
import { LogStream } from '../harness/capture/log-stream.ts'
import type { LivestoreTarget } from '../harness/livestore/resolve-target.ts'
import { livestoreUnderTest } from '../harness/livestore/target-handoff.ts'
import { repoPath } from '../harness/paths.ts'
import { readConfig } from '../harness/run/config.ts'
import { isKnownError, oneLine, UsageError } from '../harness/run/known-errors.ts'
import { followChange } from '../harness/verdict/follow-change.ts'

type Timings = Record<string, number>

const timed = async <A>(timings: Timings, phase: string, run: () => Promise<A>): Promise<A> => {
  const startedAt = performance.now()
  const result = await run()
  timings[phase] = performance.now() - startedAt
  return result
}

const inTempDir = async (run: (dir: string) => Promise<void>) => {
  const dir = mkdtempSync(join(tmpdir(), 'harness-bench-'))
  try {
    await run(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const runOnce = async (target: LivestoreTarget): Promise<Timings> => {
  const timings: Timings = {}
  const config = readConfig()
  await timed(timings, 'worker bundle (uncached)', () => inTempDir((dir) => esbuildWorker(dir, target)))
  await timed(timings, 'app build (uncached)', () => inTempDir((dir) => viteBuildApp(dir, target, config.tracepoints)))
  const { worker, app } = await timed(timings, 'builds (cached)', () => prepareBuilds(target))
  const backend = await timed(timings, 'backend ready', () =>
    startBackend({ appDir: app.dir, workerDir: worker.dir, livestore: target, port: 0 }),
  )
  const { executablePath } = findBrowser(config.chromiumPath)
  const browser = await timed(timings, 'browser ready', () =>
    chromium.launch({ ...(executablePath === undefined ? {} : { executablePath }), args: CHROMIUM_ARGS }),
  )
  try {
    const page = await browser.newPage()
    const stream = new LogStream()
    // The verdict reads the same lines as in a test: the page's, the leader's and the backend's.
    capturePageConsole(page, stream)
    backend.onLine((text, level) => stream.add('backend', level, text))
    const storeId = `bench-${Date.now()}`
    const fixture = loadBacklogFixture(DEFAULT_BACKLOG)
    const driver = new LinearLiteApp(page, backend.url, storeId, stream)
    await timed(timings, 'store ready', async () => {
      const head = await backend.control.appendEvents(storeId, backlogEvents(fixture))
      await driver.open({ expectedHead: head, expectedIssues: fixture.issues.length, timeoutMs: config.bootTimeoutMs })
    })
    const verdict = await timed(timings, 'verdict', async () => {
      const change = await driver.changePriority(7, 'Urgent')
      const result = await followChange({
        page,
        control: backend.control,
        storeId,
        stream,
        ...change,
        windowMs: config.windowMs,
      })
      return result.verdict
    })
    if (!verdict.ok) console.log(`  (this run did not drain: ${verdict.message})`)
  } finally {
    await browser.close()
    await backend.stop()
  }
  await timed(timings, 'npm run e2e, default test, warm (total)', async () => {
    const run = spawnSync('npm', ['run', 'e2e', '--', 'e2e/scenarios/priority-change.spec.ts'], {
      cwd: repoPath(''),
      stdio: 'ignore',
    })
    if (run.status !== 0) throw new Error(`npm run e2e exited with ${run.status}`)
  })
  return timings
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

const main = async () => {
  const runsArg = process.argv.indexOf('--runs')
  const runs = runsArg === -1 ? 3 : Number(process.argv[runsArg + 1])
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError('--runs needs a positive integer')
  const target = await livestoreUnderTest((line) => console.log(line))
  console.log(
    `LiveStore: ${target.label}, tracepoints ${readConfig().tracepoints ? 'on' : 'off (E2E_TRACEPOINTS=off)'}`,
  )
  const all: Timings[] = []
  for (let run = 1; run <= runs; run++) {
    console.log(`run ${run}/${runs}…`)
    all.push(await runOnce(target))
  }
  console.log(`\nmedian of ${runs} runs (ms):`)
  for (const phase of Object.keys(all[0] ?? {})) {
    const values = all.map((timings) => timings[phase] ?? 0)
    console.log(
      `  ${phase.padEnd(42)} ${String(Math.round(median(values))).padStart(6)}   [${values.map(Math.round).join(', ')}]`,
    )
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${isKnownError(error) ? error.message : oneLine(error)}`)
  process.exit(2)
})
