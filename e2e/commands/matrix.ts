/**
 * `npm run matrix [-- --repeat N]`: every scenario on every LiveStore version of
 * fixtures/expectations.json, one Playwright run per version (the app and the Durable Object are
 * built against it), then one table: expected, observed, time to verdict, how often it reproduced.
 * The harness's own tests (`e2e/self-tests/`) run once, on the repository's LiveStore.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { defaultTarget } from '../harness/livestore/resolve-target.ts'
import { compareVersions } from '../harness/livestore/traits.ts'
import { repoPath } from '../harness/paths.ts'
import { buildCells, formatCells, REPRO_THRESHOLD } from '../harness/report/matrix-table.ts'
import { readSummaryRows, type SummaryRow } from '../harness/report/summary.ts'
import { COMMON_FLAGS, parseArgs } from '../harness/run/args.ts'
import { runMain } from '../harness/run/main.ts'
import { runPlaywright, wasInterrupted } from '../harness/run/playwright-process.ts'
import { loadExpectations, versionsIn } from '../harness/verdict/expectations.ts'

const USAGE = 'usage: npm run matrix -- [--repeat <n>] [--window <ms>] [--headed] [playwright options]'
const OUTPUT = repoPath('test-results/matrix')

runMain('matrix', async () => {
  const { env, playwright } = parseArgs(process.argv.slice(2), COMMON_FLAGS, USAGE)
  Object.assign(process.env, env)
  const table = loadExpectations()
  const ownVersion = defaultTarget().version
  const versions = versionsIn(table, compareVersions)
  rmSync(OUTPUT, { recursive: true, force: true })
  const rowsByVersion = new Map<string, readonly SummaryRow[]>()
  for (const version of versions) {
    if (wasInterrupted()) break
    console.log(`\n=== LiveStore ${version}`)
    process.env.LIVESTORE_VERSION = version
    const output = join(OUTPUT, version)
    const projects = version === ownVersion ? [] : ['--project=scenarios']
    const code = await runPlaywright(['test', ...projects, '--output', output, ...playwright])
    // The global setup's one-line error (exit 2) ends the matrix: every later version would fail the same way.
    if (code === 2) return 2
    rowsByVersion.set(version, readSummaryRows(output))
  }

  const cells = buildCells(table, rowsByVersion)
  const ownTests = (rowsByVersion.get(ownVersion) ?? []).filter((row) => row.scenarioId === null)
  const ownFailed = ownTests.filter((row) => row.outcome !== 'passed')
  console.log(
    `\nMatrix (an expected stall must reproduce in ≥ ${REPRO_THRESHOLD * 100} % of runs; an expected drain never stalls):\n`,
  )
  console.log(formatCells(cells))
  console.log(
    `\nharness self-tests on LiveStore ${ownVersion}: ${ownTests.length - ownFailed.length}/${ownTests.length} passed`,
  )
  for (const row of ownFailed) console.log(`  FAIL ${row.scenario}: ${row.observed}`)
  console.log(`artifacts: ${OUTPUT}/<version>/`)
  const passed = cells.filter((cell) => cell.pass).length + ownTests.length - ownFailed.length
  const failed = cells.length - cells.filter((cell) => cell.pass).length + ownFailed.length
  console.log(`\n${passed} passed, ${failed} failed`)
  return failed === 0 && !wasInterrupted() ? 0 : 1
})
