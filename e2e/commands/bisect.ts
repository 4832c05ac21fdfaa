/**
 * `npm run bisect -- <scenario> [--from v] [--to v] [--repeat n] [--minutes m]`: where, in the
 * published LiveStore versions, a scenario's verdict flips. Each probed version runs the scenario
 * n times (3 by default: one flaky run must not mislead it); the majority decides. Prints the
 * spans it found as fixtures/expectations.json writes them, and writes test-results/bisect/bisect.json.
 * A version that cannot be built is skipped with a note.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { wasInterrupted } from '../harness/base/child-process.ts'
import { UsageError } from '../harness/base/known-errors.ts'
import { installableVersions } from '../harness/livestore/published-versions.ts'
import { compareVersions } from '../harness/livestore/traits.ts'
import { repoPath } from '../harness/paths.ts'
import { readSummaryRows, SUMMARY_DIR_ENV } from '../harness/report/summary.ts'
import { runMain } from '../harness/run/main.ts'
import { runPlaywright } from '../harness/run/playwright-process.ts'
import { formatSpan, type Span } from '../harness/verdict/expectations.ts'
import type { FamilyId, VerdictStage } from '../harness/verdict/verdict-record.ts'

const USAGE = 'usage: npm run bisect -- <scenario> [--from <version>] [--to <version>] [--repeat <n>] [--minutes <m>]'
const OUTPUT = repoPath('test-results/bisect')

interface Probe {
  version: string
  /** `undefined` when the version could not be built or run. */
  stalled?: number
  /** Where most of its stalled runs stopped, and the family the tracepoints showed. */
  stall?: { stage: VerdictStage; family?: FamilyId }
  runs: number
  ms: number
  note?: string
}

const SCENARIOS = repoPath('e2e/scenarios')

/** A scenario is a test's tag; the D loop builds its tags from strings, so the id is looked for as text. */
const scenarioExists = (scenario: string) =>
  readdirSync(SCENARIOS).some((file) => readFileSync(join(SCENARIOS, file), 'utf8').includes(scenario))

const stalls = (probe: Probe) => probe.stalled !== undefined && probe.stalled * 2 > probe.runs

const parse = (argv: readonly string[]) => {
  const [scenario, ...rest] = argv
  if (scenario === undefined || scenario.startsWith('-')) throw new UsageError(USAGE)
  const options: Record<string, string> = {}
  for (let index = 0; index < rest.length; index += 2) {
    const [flag, value] = [rest[index] ?? '', rest[index + 1]]
    if (!['--from', '--to', '--repeat', '--minutes'].includes(flag) || value === undefined) throw new UsageError(USAGE)
    options[flag.slice(2)] = value
  }
  const repeat = Number(options.repeat ?? 3)
  const minutes = Number(options.minutes ?? 60)
  if (!Number.isInteger(repeat) || repeat < 1) throw new UsageError(`--repeat needs a positive integer (${USAGE})`)
  if (!(minutes > 0)) throw new UsageError(`--minutes needs a positive number (${USAGE})`)
  return { scenario, from: options.from, to: options.to, repeat, deadline: Date.now() + minutes * 60_000 }
}

/** Runs the scenario on one version, `repeat` times, and counts its stalls. */
const probe = async (scenario: string, version: string, repeat: number): Promise<Probe> => {
  const startedAt = Date.now()
  const output = join(OUTPUT, version)
  process.env.LIVESTORE_VERSION = version
  process.env[SUMMARY_DIR_ENV] = output
  const code = await runPlaywright(
    ['test', '--project=scenarios', '--grep', `@${scenario}$`, '--repeat-each', String(repeat), '--output', output],
    { quiet: true },
  )
  const rows = readSummaryRows(output).filter((row) => row.scenarioId === scenario)
  const withVerdict = rows.filter((row) => row.verdict !== null)
  const ms = Date.now() - startedAt
  if (code === 2 || withVerdict.length === 0) {
    const note = code === 2 ? 'could not be built or set up' : (rows[0]?.observed ?? 'no verdict')
    return { version, runs: repeat, ms, note }
  }
  const stalledRuns = withVerdict.flatMap((row) =>
    row.verdict === null || row.verdict.ok ? [] : [{ stage: row.verdict.stage, family: row.verdict.family?.id }],
  )
  const key = (stall: (typeof stalledRuns)[number]) => `${stall.stage}/${stall.family}`
  const count = (stall: (typeof stalledRuns)[number]) => stalledRuns.filter((other) => key(other) === key(stall)).length
  const commonest = [...stalledRuns].sort((a, b) => count(b) - count(a))[0]
  const stall =
    commonest === undefined
      ? {}
      : { stall: { stage: commonest.stage, ...(commonest.family === undefined ? {} : { family: commonest.family }) } }
  return { version, stalled: stalledRuns.length, runs: withVerdict.length, ms, ...stall }
}

/** A probe's verdict as a span's expectation: a drain, or a stall at its commonest stage and family. */
const expectationOf = (probe: Probe) =>
  stalls(probe) && probe.stall !== undefined
    ? { expect: 'stalls' as const, ...probe.stall }
    : { expect: 'drains' as const }

/**
 * The probed versions as spans in the file's own form (`fixtures/expectations.json`), oldest first;
 * `newest` ends the last span open (every later version too). Versions between two probes of one
 * verdict are taken to share it: bisection's assumption.
 */
const spansOf = (range: readonly string[], probes: readonly Probe[], newest: string): Span[] => {
  const key = (span: ReturnType<typeof expectationOf> | Span) =>
    span.expect === 'drains' ? 'drains' : `stalls/${span.stage}/${span.family}`
  const spans: Span[] = []
  for (const version of range) {
    const probe = probes.find((candidate) => candidate.version === version && candidate.stalled !== undefined)
    if (probe === undefined) continue
    const expectation = expectationOf(probe)
    const last = spans.at(-1)
    if (last !== undefined && key(last) === key(expectation)) spans[spans.length - 1] = { ...last, through: version }
    else spans.push({ from: version, through: version, ...expectation })
  }
  return spans.map((span, index) => {
    if (index < spans.length - 1 || span.through !== newest) return span
    const { through: _newest, ...open } = span
    return open
  })
}

const probeLine = (probe: Probe) =>
  probe.stalled === undefined
    ? `${probe.version}: skipped (${probe.note}) in ${(probe.ms / 1000).toFixed(0)} s`
    : `${probe.version}: stalled ${probe.stalled} of ${probe.runs} in ${(probe.ms / 1000).toFixed(0)} s`

runMain('bisect', async () => {
  const { scenario, from, to, repeat, deadline } = parse(process.argv.slice(2))
  if (!scenarioExists(scenario))
    throw new UsageError(`unknown scenario '${scenario}': no test in e2e/scenarios is tagged @${scenario}`)
  const all = await installableVersions()
  const versions = all.filter(
    (version) =>
      (from === undefined || compareVersions(version, from) >= 0) &&
      (to === undefined || compareVersions(version, to) <= 0),
  )
  if (versions.length < 2) throw new UsageError(`fewer than two published versions between ${from} and ${to}`)
  rmSync(OUTPUT, { recursive: true, force: true })
  mkdirSync(OUTPUT, { recursive: true })
  const probes: Probe[] = []
  const run = async (index: number): Promise<Probe> => {
    const result = await probe(scenario, versions[index] as string, repeat)
    probes.push(result)
    console.log(`  ${probeLine(result)}`)
    return result
  }
  // The ends, skipping versions that cannot be probed, then halving the gap where the verdict flips.
  let low = 0
  let high = versions.length - 1
  let lowProbe = await run(low)
  while (lowProbe.stalled === undefined && low < high) lowProbe = await run(++low)
  let highProbe = await run(high)
  while (highProbe.stalled === undefined && high > low) highProbe = await run(--high)
  let answer: string
  if (stalls(lowProbe) === stalls(highProbe)) {
    // Bisection assumes one flip; ends that agree do not rule out a window in between (family A
    // stalls on 0.4.0-dev.8 and dev.9 only): the versions between are probed in order instead.
    for (let index = low + 1; index < high && Date.now() < deadline && !wasInterrupted(); index++) await run(index)
    answer = `${scenario}: probed in order${versions.slice(low, high + 1).some((v) => !probes.some((p) => p.version === v)) ? ' (time ran out before every version was probed)' : ''}`
  } else {
    while (high - low > 1 && Date.now() < deadline && !wasInterrupted()) {
      let middle = Math.floor((low + high) / 2)
      let middleProbe = await run(middle)
      while (middleProbe.stalled === undefined && middle + 1 < high) middleProbe = await run(++middle)
      if (middleProbe.stalled === undefined) break
      if (stalls(middleProbe) === stalls(lowProbe)) low = middle
      else high = middle
    }
    const [before, after] = [stalls(lowProbe) ? 'stalls' : 'drains', stalls(lowProbe) ? 'drains' : 'stalls']
    const exact = high - low <= 1 || versions.slice(low + 1, high).every((v) => probes.some((p) => p.version === v))
    answer = exact
      ? `${scenario}: ${before} up to ${versions[low]}, first ${after} on ${versions[high]}`
      : `${scenario}: flips between ${versions[low]} and ${versions[high]} (time or versions ran out)`
  }
  const spans = spansOf(versions, probes, all.at(-1) ?? '')
  console.log(`\n${answer}; as spans of fixtures/expectations.json (add "refs"):\n`)
  console.log(`    "${scenario}": [\n${spans.map((span) => `      ${formatSpan(span)}`).join(',\n')}\n    ]`)
  writeFileSync(
    join(OUTPUT, 'bisect.json'),
    `${JSON.stringify({ scenario, repeat, versions, probes, answer, spans }, null, 2)}\n`,
  )
  console.log(`bisect: ${join(OUTPUT, 'bisect.json')}`)
  return 0
})
