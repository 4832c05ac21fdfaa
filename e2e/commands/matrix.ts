/**
 * `npm run matrix`: every scenario on the gate's LiveStore versions (fixtures/expectations.json's
 * `gate`; `--versions all` for every version with a cell, or `--versions a,b`), as one Playwright run with a project per version (each with its own build
 * and backend), then one table: expected, observed, time to verdict, how often it reproduced.
 * The harness's own tests run once, on the repository's LiveStore.
 *
 *   npm run matrix -- [--versions a,b] [--repeat n] [--shard i/n]   a blob report per shard
 *   npm run matrix -- --merge <folder of blob reports>             one HTML report, one table
 */
import { rmSync } from 'node:fs'
import { expectationsWithRegressions } from '../harness/explore/regressions.ts'
import { compareVersions } from '../harness/livestore/traits.ts'
import { repoPath } from '../harness/paths.ts'
import { buildCells, formatCells } from '../harness/report/matrix-table.ts'
import { readSummaryRows, SUMMARY_DIR_ENV } from '../harness/report/summary.ts'
import { COMMON_FLAGS, parseArgs } from '../harness/run/args.ts'
import { wasInterrupted } from '../harness/run/child-process.ts'
import { readConfig } from '../harness/run/config.ts'
import { UsageError } from '../harness/run/known-errors.ts'
import { runMain } from '../harness/run/main.ts'
import { runPlaywright } from '../harness/run/playwright-process.ts'
import { loadExpectations, loadGateVersions, versionsIn } from '../harness/verdict/expectations.ts'

const USAGE =
  'usage: npm run matrix -- [--versions <a,b|all>] [--repeat <n>] [--shard <i/n>] [--window <ms>] [playwright options] | --merge <blob-report folder>'
const OUTPUT = repoPath('test-results/matrix')
const REPORTERS = `--reporter=list,./e2e/harness/report/verdict-reporter.ts`

/** Runs the matrix (or merges shards' blob reports) into OUTPUT; the Playwright exit code. */
const run = async (argv: readonly string[]): Promise<{ code: number; sharded: boolean; filtered: boolean }> => {
  if (argv[0] === '--merge') {
    const folder = argv[1]
    if (folder === undefined || argv.length > 2) throw new UsageError(USAGE)
    const code = await runPlaywright(['merge-reports', `${REPORTERS},html`, folder])
    return { code, sharded: false, filtered: false }
  }
  const { env, playwright } = parseArgs(argv, COMMON_FLAGS, USAGE)
  Object.assign(process.env, env)
  // The gate's versions by default; `all`: every version the expectations have cells for (the nightly job).
  const versions = process.env.E2E_VERSIONS
  if (versions === undefined) process.env.E2E_VERSIONS = loadGateVersions().join(',')
  else if (versions === 'all') process.env.E2E_VERSIONS = versionsIn(loadExpectations(), compareVersions).join(',')
  // The knobs are checked here too: a bad one is the command's one-line error.
  readConfig()
  const sharded = playwright.some((arg) => arg.startsWith('--shard'))
  // A shard's blob report goes into the merge; its own table is partial.
  const reporters = sharded ? [`${REPORTERS},blob`] : []
  const code = await runPlaywright(['test', '--output', OUTPUT, ...reporters, ...playwright])
  // A filter (--grep, -g) asks for part of the matrix: the cells it left out are not failures.
  const filtered = playwright.some((arg) => /^(--grep|-g)/.test(arg))
  return { code, sharded, filtered }
}

runMain('matrix', async () => {
  rmSync(OUTPUT, { recursive: true, force: true })
  process.env[SUMMARY_DIR_ENV] = OUTPUT
  const { code, sharded, filtered } = await run(process.argv.slice(2))
  // The global setup's one-line error (exit 2): there is no table to print.
  if (code === 2) return 2
  const rows = readSummaryRows(OUTPUT)
  const versions = [
    ...new Set(
      rows
        .filter((row) => row.scenarioId !== null)
        .flatMap((row) => (row.livestore === null ? [] : [row.livestore.version])),
    ),
  ]
  // A shard judges only the cells it ran; the merge judges them all.
  const cells = buildCells(expectationsWithRegressions(), rows, versions.sort(compareVersions)).filter(
    (cell) => !(sharded || filtered) || cell.runs > 0,
  )
  const notApplicable = rows.filter((row) => row.scenarioId !== null && row.outcome === 'skipped')
  const ownTests = rows.filter((row) => row.scenarioId === null)
  const ownFailed = ownTests.filter((row) => row.outcome !== 'passed')
  console.log('\nMatrix (an expected stall must reproduce in the share of runs its cell says, 95 % by default;')
  const part = sharded
    ? ', this shard only: merge the shards for the whole'
    : filtered
      ? ', the cells the filter selected'
      : ''
  console.log(`an expected drain never stalls)${part}:\n`)
  console.log(formatCells(cells))
  for (const row of notApplicable) console.log(`n/a   ${row.scenarioId} on ${row.livestore?.label}: ${row.observed}`)
  console.log(`\nharness self-tests: ${ownTests.length - ownFailed.length}/${ownTests.length} passed`)
  for (const row of ownFailed) console.log(`  FAIL ${row.scenario}: ${row.observed}`)
  console.log(`artifacts: ${OUTPUT}/`)
  const passed = cells.filter((cell) => cell.pass).length + ownTests.length - ownFailed.length
  const failed = cells.length - cells.filter((cell) => cell.pass).length + ownFailed.length
  console.log(`\n${passed} passed, ${failed} failed`)
  // Playwright's own exit code is not the matrix's: a stall cell may miss 1 run in 20 and still pass.
  return failed === 0 && !wasInterrupted() ? 0 : 1
})
