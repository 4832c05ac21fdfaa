/**
 * `npm run bisect -- <scenario> [--from v] [--to v] [--repeat n] [--minutes m]`: where, in the
 * published LiveStore versions, a scenario's verdict flips. Each probed version runs the scenario
 * n times (3 by default: one flaky run must not mislead it); the majority decides. Writes
 * test-results/bisect/bisect.json. A version that cannot be built is skipped with a note.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { installableVersions } from '../harness/livestore/published-versions.ts'
import { compareVersions } from '../harness/livestore/traits.ts'
import { repoPath } from '../harness/paths.ts'
import { readSummaryRows, SUMMARY_DIR_ENV } from '../harness/report/summary.ts'
import { wasInterrupted } from '../harness/run/child-process.ts'
import { UsageError } from '../harness/run/known-errors.ts'
import { runMain } from '../harness/run/main.ts'
import { runPlaywright } from '../harness/run/playwright-process.ts'

const USAGE = 'usage: npm run bisect -- <scenario> [--from <version>] [--to <version>] [--repeat <n>] [--minutes <m>]'
const OUTPUT = repoPath('test-results/bisect')

interface Probe {
  version: string
  /** `undefined` when the version could not be built or run. */
  stalled?: number
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
  const stalled = withVerdict.filter((row) => row.verdict?.ok === false).length
  return { version, stalled, runs: withVerdict.length, ms }
}

/** The probed versions as spans of one verdict: `drains on 0.3.1; stalls on 0.4.0-dev.8 … 0.4.0-dev.9; …`. */
const describeSpans = (scenario: string, range: readonly string[], probes: readonly Probe[]): string => {
  const probed = range.flatMap((version) => {
    const found = probes.find((probe) => probe.version === version && probe.stalled !== undefined)
    return found === undefined ? [] : [found]
  })
  const spans: { verdict: string; first: string; last: string }[] = []
  for (const probe of probed) {
    const verdict = stalls(probe) ? 'stalls' : 'drains'
    const span = spans.at(-1)
    if (span?.verdict === verdict) span.last = probe.version
    else spans.push({ verdict, first: probe.version, last: probe.version })
  }
  const unprobed = range.filter((version) => !probes.some((probe) => probe.version === version))
  const missing = unprobed.length === 0 ? '' : ` (not probed: ${unprobed.join(', ')})`
  const text = spans
    .map(({ verdict, first, last }) => `${verdict} on ${first === last ? first : `${first} … ${last}`}`)
    .join('; ')
  return `${scenario}: ${spans.length === 1 ? `never flips: ${text}` : text}${missing}`
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
    answer = describeSpans(scenario, versions.slice(low, high + 1), probes)
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
  console.log(`\n${answer}`)
  writeFileSync(
    join(OUTPUT, 'bisect.json'),
    `${JSON.stringify({ scenario, repeat, versions, probes, answer }, null, 2)}\n`,
  )
  console.log(`bisect: ${join(OUTPUT, 'bisect.json')}`)
  return 0
})
