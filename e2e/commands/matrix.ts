/**
 * `npm run matrix [-- --repeat N]`: every scenario on every LiveStore version of
 * fixtures/expectations.json, one Playwright run per version (the app and the Durable Object are
 * built against it), then one table: expected, observed, time to verdict, how often it reproduced.
 * The harness's own tests (`e2e/self-tests/`) run once, on the repository's LiveStore.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { defaultTarget } from '../harness/livestore/resolve-target.ts'
import { compareVersions } from '../harness/livestore/traits.ts'
import { repoPath } from '../harness/paths.ts'
import { buildCells, formatCells, REPRO_THRESHOLD } from '../harness/report/matrix-table.ts'
import type { SummaryRow } from '../harness/report/verdict-reporter.ts'
import {
  COMMON_FLAGS,
  parseArgs,
  prepareRun,
  runMain,
  runPlaywright,
  wasInterrupted,
} from '../harness/run/run-plumbing.ts'
import { loadExpectations, versionsIn } from '../harness/verdict/expectations.ts'

const USAGE = 'usage: npm run matrix -- [--repeat <n>] [--window <ms>] [--headed] [playwright options]'
const OUTPUT = repoPath('test-results/matrix')

const readRows = (dir: string): SummaryRow[] => {
  const path = join(dir, 'summary.json')
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { tests: SummaryRow[] }).tests : []
}

runMain('matrix', async () => {
  const { env, playwright } = parseArgs(process.argv.slice(2), COMMON_FLAGS, USAGE)
  Object.assign(process.env, env)
  const table = loadExpectations()
  const ownVersion = defaultTarget().version
  const versions = versionsIn(table, compareVersions)
  rmSync(OUTPUT, { recursive: true, force: true })
  const rowsByVersion = new Map<string, SummaryRow[]>()
  for (const version of versions) {
    if (wasInterrupted()) break
    console.log(`\n=== LiveStore ${version}`)
    await prepareRun(version, (line) => console.log(line))
    const output = join(OUTPUT, version)
    const projects = version === ownVersion ? ['--project=scenarios', '--project=self-tests'] : ['--project=scenarios']
    await runPlaywright(['test', ...projects, '--output', output, ...playwright])
    rowsByVersion.set(version, readRows(output))
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
