/**
 * `npm run matrix`: every scenario on the gate's LiveStore versions (fixtures/expectations.json's
 * `gate`; `--versions all` for every version with a cell, or `--versions a,b`), as one Playwright run with a project per version (each with its own build
 * and backend), then one table: expected, observed, time to verdict, how often it reproduced.
 * The harness's own tests run once, on the repository's LiveStore.
 *
 *   npm run matrix -- [--versions a,b] [--repeat n] [--shard i/n]   a blob report per shard
 *   npm run matrix -- --merge <folder of blob reports>             one HTML report, one table
 *
 * `--record` adds the runs to the evidence ledger (fixtures/evidence/): on a shard, or on the merge
 * of shards, never both.
 */
import { rmSync } from 'node:fs'
import { wasInterrupted } from '../harness/base/child-process.ts'
import { UsageError } from '../harness/base/known-errors.ts'
import { expectationsWithRegressions } from '../harness/explore/regressions.ts'
import { installableVersions } from '../harness/livestore/published-versions.ts'
import { compareVersions } from '../harness/livestore/traits.ts'
import { repoPath } from '../harness/paths.ts'
import { buildCells, formatCells } from '../harness/report/matrix-table.ts'
import { readSummaryRows, SUMMARY_DIR_ENV, type SummaryRow } from '../harness/report/summary.ts'
import { COMMON_FLAGS, parseArgs } from '../harness/run/args.ts'
import { readConfig } from '../harness/run/config.ts'
import { runMain } from '../harness/run/main.ts'
import { runPlaywright } from '../harness/run/playwright-process.ts'
import {
  addRuns,
  EVIDENCE_DIR,
  harnessCommit,
  type Ledger,
  loadLedger,
  type RecordedRun,
  writeLedger,
} from '../harness/verdict/evidence.ts'
import { loadGateVersions } from '../harness/verdict/expectations.ts'
import { RUNS_TO_JUDGE } from '../harness/verdict/judgement.ts'

const USAGE =
  'usage: npm run matrix -- [--record] [--versions <a,b|all>] [--repeat <n>] [--shard <i/n>] [--window <ms>] [playwright options] | --merge <blob-report folder> [--record]'
const OUTPUT = repoPath('test-results/matrix')
const REPORTERS = `--reporter=list,./e2e/harness/report/verdict-reporter.ts`

/** Runs the matrix (or merges shards' blob reports) into OUTPUT; the Playwright exit code. */
const run = async (argv: readonly string[]): Promise<{ code: number; sharded: boolean; filtered: boolean }> => {
  if (argv[0] === '--merge') {
    const folder = argv[1]
    if (folder === undefined || folder.startsWith('--') || argv.length > 2) throw new UsageError(USAGE)
    const code = await runPlaywright(['merge-reports', `${REPORTERS},html`, folder])
    return { code, sharded: false, filtered: false }
  }
  const { env, playwright } = parseArgs(argv, COMMON_FLAGS, USAGE)
  Object.assign(process.env, env)
  // The gate's versions by default; `all`: every version npm has in full (the nightly job).
  const versions = process.env.E2E_VERSIONS
  if (versions === undefined) process.env.E2E_VERSIONS = loadGateVersions().join(',')
  else if (versions === 'all') process.env.E2E_VERSIONS = (await installableVersions()).join(',')
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

/** The runs of published, unpatched LiveStore versions: what the ledger keeps (a fix on trial is not evidence). */
const recordable = (rows: readonly SummaryRow[]): RecordedRun[] =>
  rows.flatMap((row) =>
    row.scenarioId === null ||
    row.outcome === 'skipped' ||
    // Stopped by Ctrl-C: it ended for the user's reason, not the system's.
    row.outcome === 'interrupted' ||
    row.livestore === null ||
    row.livestore.kind === 'checkout' ||
    row.livestore.patches.length > 0
      ? []
      : [
          {
            scenario: row.scenarioId,
            version: row.livestore.version,
            fingerprint: row.livestore.fingerprint.hash,
            verdict: row.verdict,
          },
        ],
  )

const record = (ledger: Ledger, rows: readonly SummaryRow[]): void => {
  const runs = recordable(rows)
  const date = new Date().toISOString().slice(0, 10)
  const written = writeLedger(
    addRuns(ledger, runs, date, harnessCommit()),
    runs.map((run) => run.scenario),
  )
  console.log(`evidence: ${runs.length} runs added to ${written.length} files under ${EVIDENCE_DIR}/`)
}

runMain('matrix', async () => {
  rmSync(OUTPUT, { recursive: true, force: true })
  process.env[SUMMARY_DIR_ENV] = OUTPUT
  const args = process.argv.slice(2)
  const recording = args.includes('--record')
  // Read before the run: the table judges against what was known, and the run is added once.
  const ledger = loadLedger()
  const { code, sharded, filtered } = await run(args.filter((arg) => arg !== '--record'))
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
  const cells = buildCells(expectationsWithRegressions(), rows, versions.sort(compareVersions), ledger).filter(
    (cell) => !(sharded || filtered) || cell.runs > 0,
  )
  const notApplicable = rows.filter((row) => row.scenarioId !== null && row.outcome === 'skipped')
  const ownTests = rows.filter((row) => row.scenarioId === null)
  const ownFailed = ownTests.filter((row) => row.outcome !== 'passed')
  console.log(
    `\nMatrix (a drain and a stall are judged on every run; a rate over the ledger and this run, at 95 %; a cell rests on ${RUNS_TO_JUDGE} runs, the ledger's and this run's;`,
  )
  const part = sharded
    ? ', this shard only: merge the shards for the whole'
    : filtered
      ? ', the cells the filter selected'
      : ''
  console.log(`a run without a verdict fails)${part}:\n`)
  console.log(formatCells(cells))
  for (const row of notApplicable) console.log(`n/a   ${row.scenarioId} on ${row.livestore?.label}: ${row.observed}`)
  console.log(`\nharness self-tests: ${ownTests.length - ownFailed.length}/${ownTests.length} passed`)
  for (const row of ownFailed) console.log(`  FAIL ${row.scenario}: ${row.observed}`)
  console.log(`artifacts: ${OUTPUT}/`)
  const count = (status: string) => cells.filter((cell) => cell.judgement.status === status).length
  const passed = count('passed') + ownTests.length - ownFailed.length
  const failed = count('failed') + ownFailed.length
  if (recording) record(ledger, rows)
  console.log(`\n${passed} passed, ${failed} failed, ${count('not judged')} not judged`)
  // Playwright's own exit code is not the matrix's: a rate's drain passes its test, the cell judges it.
  return failed === 0 && !wasInterrupted() ? 0 : 1
})
