/**
 * `npm run prove -- <scenario> --livestore <version> --patch <file>` (or `--livestore <path>`):
 * whether a fix fixes a stall. The scenario runs N times on the LiveStore the fix starts from
 * (`--before`, by default the version it declares), N times with the fix, then every other
 * scenario once with the fix: a fix must not open another stall. Prints the before/after table
 * and writes it as markdown for a pull request. Exit 0 when fixed, 1 when not, 2 on bad input.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { UsageError } from '../harness/base/known-errors.ts'
import { expectationsWithRegressions } from '../harness/explore/regressions.ts'
import { resolveLivestore } from '../harness/livestore/resolve-target.ts'
import { describeTarget, type LivestoreRequest, livestoreFlags } from '../harness/livestore/target.ts'
import { repoPath } from '../harness/paths.ts'
import {
  countSide,
  describeOutcome,
  newStalls,
  proveMarkdown,
  proveOutcome,
  type Side,
} from '../harness/report/prove-table.ts'
import { readSummaryRows, SUMMARY_DIR_ENV } from '../harness/report/summary.ts'
import { LIVESTORE_FLAGS, parseArgs } from '../harness/run/args.ts'
import { readConfig } from '../harness/run/config.ts'
import { runMain } from '../harness/run/main.ts'
import { runPlaywright } from '../harness/run/playwright-process.ts'

const USAGE =
  'usage: npm run prove -- <scenario> (--livestore <version> --patch <file>... | --livestore <path>) [--runs <n>] [--before <version>]'
const OUTPUT = repoPath('test-results/prove')
const RUNS = 10

const FLAGS = {
  ...LIVESTORE_FLAGS,
  '--runs': { env: 'PROVE_RUNS', takesValue: true },
  '--before': { env: 'PROVE_BEFORE', takesValue: true },
} as const

/** A scenario's own tests, by its tag (a tag is followed by a space or ends the title). */
const tagPattern = (scenario: string) => `@${scenario.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`

const parse = (argv: readonly string[]) => {
  const { env, playwright } = parseArgs(argv, FLAGS, USAGE)
  const [scenario, ...rest] = playwright
  if (scenario === undefined || scenario.startsWith('-') || rest.length > 0) throw new UsageError(USAGE)
  const runs = Number(env.PROVE_RUNS ?? RUNS)
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs needs a positive integer (${USAGE})`)
  if (env.LIVESTORE_PATCHES === undefined && !/^[./~]/.test(env.LIVESTORE_VERSION ?? '')) {
    throw new UsageError(`a fix is a --patch or a local tree (--livestore <path>): nothing to prove (${USAGE})`)
  }
  const known = Object.keys(expectationsWithRegressions())
  if (!known.includes(scenario)) {
    throw new UsageError(`unknown scenario '${scenario}' (known: ${known.join(', ')})`)
  }
  const livestore = Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('LIVESTORE_')))
  return { scenario, runs, before: env.PROVE_BEFORE, livestore }
}

/** One Playwright run of the scenarios project on a LiveStore; its rows, or the exit code 2 of bad input. */
const runOn = async (request: LivestoreRequest, name: string, args: readonly string[]) => {
  const dir = join(OUTPUT, name)
  process.env.LIVESTORE_VERSION = request.livestore
  process.env.LIVESTORE_PATCHES = request.patches.join('\n')
  process.env[SUMMARY_DIR_ENV] = dir
  const reporters = '--reporter=dot,./e2e/harness/report/verdict-reporter.ts'
  const code = await runPlaywright(['test', '--project', 'scenarios', '--output', dir, reporters, ...args])
  return { code, rows: readSummaryRows(dir) }
}

runMain('prove', async () => {
  const { scenario, runs, before, livestore } = parse(process.argv.slice(2))
  Object.assign(process.env, livestore)
  const fix = readConfig().livestore
  const fixed = await resolveLivestore(fix, (line) => console.log(line))
  const base: LivestoreRequest = { livestore: before ?? fixed.version, patches: [] }
  console.log(`proving ${scenario}: ${runs} runs on LiveStore ${base.livestore}, ${runs} with ${describeTarget(fixed)}`)

  const sides: Side[] = []
  for (const [name, request] of [
    ['before', base],
    ['after', fix],
  ] as const) {
    console.log(`${name}: ${scenario} ×${runs} on ${request === base ? base.livestore : fixed.label}…`)
    const { code, rows } = await runOn(request, name, ['--grep', tagPattern(scenario), '--repeat-each', String(runs)])
    if (code === 2) return 2
    sides.push({ label: request === base ? base.livestore : fixed.label, rows })
  }
  console.log(`others: every other scenario once on ${fixed.label}…`)
  const others = await runOn(fix, 'others', ['--grep-invert', tagPattern(scenario)])
  if (others.code === 2) return 2

  const [beforeSide, afterSide] = sides as [Side, Side]
  const table = expectationsWithRegressions()
  const outcome = proveOutcome(
    countSide(beforeSide.rows),
    countSide(afterSide.rows),
    newStalls(others.rows, table, fixed.version),
  )
  const command = `npm run prove -- ${scenario} ${livestoreFlags(fixed)}${before === undefined ? '' : ` --before ${before}`} --runs ${runs}`
  const markdown = proveMarkdown({
    scenario,
    before: beforeSide,
    after: afterSide,
    others: others.rows,
    table,
    version: fixed.version,
    outcome,
    command: command.replaceAll(`${repoPath('')}`, ''),
  })
  mkdirSync(OUTPUT, { recursive: true })
  const file = join(OUTPUT, 'prove.md')
  writeFileSync(file, markdown)
  console.log(`\n${markdown}\n${describeOutcome(scenario, outcome)}\nmarkdown: ${relative(process.cwd(), file)}`)
  return outcome.result === 'fixed' ? 0 : 1
})
