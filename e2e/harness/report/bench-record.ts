import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Schema } from 'effect'
import { readDataFile } from '../base/data-file.ts'
import { repoPath } from '../paths.ts'
import { harnessCommit } from '../verdict/evidence.ts'
import { median } from './statistics.ts'
import type { SummaryRow } from './summary.ts'
import { TestPhases } from './test-phases.ts'

/** `fixtures/bench.json`: what `npm run bench -- --record` and `npm run explore -- --record` measured last, the one source of the figures docs quote. */
export const BENCH_FILE = repoPath('fixtures/bench.json')
/** The page that quotes the records, each between its two marker lines. */
export const BENCH_DOC = repoPath('docs/measurements.md')

/** How a measurement was taken. */
const Provenance = {
  date: Schema.String,
  /** The harness's commit (`-dirty` with uncommitted changes). */
  harness: Schema.String,
  livestore: Schema.String,
  tracepoints: Schema.Boolean,
  machine: Schema.Struct({ cpus: Schema.Int, node: Schema.String }),
  runs: Schema.Int,
}

/** How a measurement taken now is described: today, this commit and this machine. */
export const provenanceNow = (livestore: string, tracepoints: boolean, runs: number) => ({
  date: new Date().toISOString().slice(0, 10),
  harness: harnessCommit(),
  livestore,
  tracepoints,
  machine: { cpus: availableParallelism(), node: process.versions.node },
  runs,
})

/** The default scenario, phase by phase (`npm run bench`). */
export const PhaseRecord = Schema.Struct({
  ...Provenance,
  /** Each phase's median over the runs, in ms; phases under 5 ms are left out. */
  phases: Schema.Array(Schema.Struct({ phase: Schema.String, medianMs: Schema.Number })),
})
export type PhaseRecord = typeof PhaseRecord.Type

/** One scenario of the suite: the commonest verdict, and each phase's median over its runs. */
export const SuiteRow = Schema.Struct({
  scenario: Schema.String,
  observed: Schema.String,
  runs: Schema.Int,
  median: TestPhases,
})
export type SuiteRow = typeof SuiteRow.Type

/** Every scenario of `npm run e2e`, split into phases (`npm run bench -- --suite`). */
export const SuiteRecord = Schema.Struct({
  ...Provenance,
  /** The whole run's wall time, global set-up (cached builds) included, in ms. */
  wallMs: Schema.Number,
  /** The machine's busy CPU time over that run (browsers, workerd and the harness), in ms. */
  cpuMs: Schema.optional(Schema.Number),
  rows: Schema.Array(SuiteRow),
})
export type SuiteRecord = typeof SuiteRecord.Type

/** One kind the explorer found, and whether it was kept as a regression case. */
const ExploreFinding = Schema.Struct({
  /** `family/stage`, `diverged`, `error` or `store-failed`. */
  kind: Schema.String,
  count: Schema.Int,
  /** The regression case's file when kept; otherwise why not (held already, a race, not shrunk, interrupted). */
  kept: Schema.optional(Schema.String),
  /** The gate's cells (scripted scenarios, kept cases) that expect this stall on this version: it was not shrunk. */
  heldBy: Schema.optional(Schema.Array(Schema.String)),
  why: Schema.optional(Schema.String),
  /**
   * Replays from fresh stores, ended by the first that did not fail the same way: the shrunk
   * schedule's, or the found one's when those already showed a race. How many stalled the same way,
   * and how many began every step at the found interleaving.
   */
  replays: Schema.optional(Schema.Struct({ runs: Schema.Int, same: Schema.Int, inOrder: Schema.Int })),
})

/** One exploration (`npm run explore -- --record`): its throughput and what it found and kept. */
export const ExploreRecord = Schema.Struct({
  ...Provenance,
  seed: Schema.String,
  workers: Schema.Int,
  /** Schedules a history applied to one store. */
  history: Schema.Int,
  /** Each finding's shrink budget (`--shrink-reruns`, `--shrink-minutes`). */
  shrink: Schema.optional(Schema.Struct({ reruns: Schema.Int, minutes: Schema.Number })),
  /** The schedules run are the record's `runs`; these are their steps. */
  steps: Schema.Int,
  /** Exploring only, in ms; then with shrinking and replays. */
  exploreMs: Schema.Number,
  totalMs: Schema.Number,
  /** The machine's busy CPU time while exploring (browsers and workerd included), in ms. */
  cpuMs: Schema.Number,
  stepCosts: Schema.Array(Schema.Struct({ tag: Schema.String, count: Schema.Int, medianMs: Schema.Number })),
  found: Schema.Array(ExploreFinding),
})
export type ExploreRecord = typeof ExploreRecord.Type

export const BenchRecord = Schema.Struct({
  default: Schema.optional(PhaseRecord),
  suite: Schema.optional(SuiteRecord),
  explore: Schema.optional(ExploreRecord),
})
export type BenchRecord = typeof BenchRecord.Type

export const readBench = (): BenchRecord => (existsSync(BENCH_FILE) ? readDataFile(BenchRecord, BENCH_FILE) : {})

const provenance = (record: PhaseRecord | SuiteRecord | ExploreRecord, what: string) =>
  `LiveStore ${record.livestore}, tracepoints ${record.tracepoints ? 'on' : 'off'}; harness ${record.harness}; ` +
  `${record.machine.cpus} cores, Node ${record.machine.node}; ${what}, ${record.date}.`

/** The default scenario's record as the docs show it: how it was taken, then one row a phase. */
export const phaseTable = (record: PhaseRecord): string =>
  [
    provenance(record, `median of ${record.runs} runs`),
    '',
    '| phase | median ms |',
    '| --- | --- |',
    ...record.phases.map(({ phase, medianMs }) => `| ${phase} | ${Math.round(medianMs)} |`),
  ].join('\n')

/** A run's scenario tests, one row a scenario (in the run's order): each phase's median over its repeats. */
export const suiteRows = (tests: readonly SummaryRow[]): SuiteRow[] => {
  const byScenario = new Map<string, { observed: string; phases: TestPhases }[]>()
  for (const test of tests) {
    if (test.scenarioId === null || test.phases === undefined) continue
    byScenario.set(test.scenarioId, [
      ...(byScenario.get(test.scenarioId) ?? []),
      { observed: test.observed, phases: test.phases },
    ])
  }
  return [...byScenario].map(([scenario, runs]) => {
    const counts = new Map<string, number>()
    for (const { observed } of runs) counts.set(observed, (counts.get(observed) ?? 0) + 1)
    const observed = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ''
    const medians = Object.fromEntries(
      Object.keys(TestPhases.fields).map((field) => [
        field,
        Math.round(median(runs.map(({ phases }) => phases[field as keyof TestPhases])) ?? 0),
      ]),
    ) as TestPhases
    return { scenario, observed, runs: runs.length, median: medians }
  })
}

const seconds = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000).toFixed(1))

/** The medians of the suite's drained and stalled tests: the "a stall costs its evidence" figure. */
export const suiteFigures = (rows: readonly SuiteRow[]) => {
  const totals = (drained: boolean) =>
    rows.filter((row) => (row.observed === 'drained') === drained).map((row) => row.median.totalMs)
  return { drainedMs: median(totals(true)), stalledMs: median(totals(false)) }
}

const PHASE_COLUMNS = ['boot', 'steps', 'verdict', 'convergence', 'bundle', 'teardown'] as const

/** The suite's record as the docs show it: one row a scenario, in seconds, then the figures. */
export const suiteTable = (record: SuiteRecord): string => {
  const { drainedMs, stalledMs } = suiteFigures(record.rows)
  const ratio = drainedMs === undefined || stalledMs === undefined ? '–' : (stalledMs / drainedMs).toFixed(1)
  return [
    provenance(record, `${record.runs} run${record.runs === 1 ? '' : 's'} of each scenario, medians in seconds`),
    '',
    `| scenario | observed | total | ${PHASE_COLUMNS.join(' | ')} |`,
    `| --- | --- | --- | ${PHASE_COLUMNS.map(() => '---').join(' | ')} |`,
    ...record.rows.map(
      (row) =>
        `| ${row.scenario} | ${row.observed} | ${seconds(row.median.totalMs)} | ${PHASE_COLUMNS.map((column) => seconds(row.median[column])).join(' | ')} |`,
    ),
    '',
    `Wall time of the run, builds cached: ${seconds(record.wallMs)} s. Median drained test ${seconds(drainedMs)} s, ` +
      `median stalled test ${seconds(stalledMs)} s (${ratio} ×).`,
    ...(record.cpuMs === undefined ? [] : ['', cpuFloor(record, record.cpuMs)]),
  ].join('\n')
}

/**
 * What the run cost the machine, and the floor that sets: however tests are scheduled, the machine
 * cannot finish them faster than its cores can spend their CPU time.
 */
const cpuFloor = (record: SuiteRecord, cpuMs: number) => {
  const tests = record.rows.reduce((sum, row) => sum + row.runs, 0)
  const { cpus } = record.machine
  const perTest = cpuMs / Math.max(1, tests)
  return (
    `The machine was busy ${seconds(cpuMs)} CPU-s, ${Math.round((100 * cpuMs) / (record.wallMs * cpus))} % of its ` +
    `${cpus} cores over the run: ${seconds(perTest)} CPU-s a test, so no schedule runs a test in less than ` +
    `${seconds(perTest / cpus)} s on average on this machine.`
  )
}

const minutes = (ms: number) => (ms / 60_000).toFixed(1)

/** The exploration's record as the docs show it: its throughput, then each kind found. */
export const exploreTable = (record: ExploreRecord): string => {
  const perMinute = (count: number) => ((count * 60_000) / Math.max(1, record.exploreMs)).toFixed(1)
  const kept = record.found.filter((finding) => finding.kept !== undefined).length
  const held = record.found.filter((finding) => finding.heldBy !== undefined).length
  return [
    provenance(
      record,
      `seed ${record.seed}, ${record.runs} schedules in histories of ${record.history} on ${record.workers} worker(s)${record.shrink === undefined ? '' : `, shrinking at most ${record.shrink.reruns} reruns or ${record.shrink.minutes} min a finding`}`,
    ),
    '',
    '| figure | value |',
    '| --- | --- |',
    `| exploring | ${record.steps} steps in ${minutes(record.exploreMs)} min: ${perMinute(record.steps)} steps and ${perMinute(record.runs)} schedules a minute |`,
    `| CPU per step | ${(record.cpuMs / 1000 / Math.max(1, record.steps)).toFixed(2)} CPU-s (the machine's, shrinking excluded) |`,
    `| with shrinking and replays | ${minutes(record.totalMs)} min |`,
    `| kinds kept | ${kept} of ${record.found.length}, and ${held} held by the gate already |`,
    `| step costs (median ms, steps timed) | ${record.stepCosts.map(({ tag, medianMs, count }) => `${tag} ${medianMs} (${count})`).join(', ')} |`,
    '',
    '| kind found | schedules | replays the same / in the found order / run | kept |',
    '| --- | --- | --- | --- |',
    ...record.found.map(
      ({ kind, count, replays, kept, heldBy, why }) =>
        `| ${kind} | ${count} | ${replays === undefined ? '-' : `${replays.same} / ${replays.inOrder} / ${replays.runs}`} | ${kept ?? (heldBy === undefined ? `no: ${why ?? ''}` : `held by ${heldBy.join(', ')}`)} |`,
    ),
  ].join('\n')
}

const BLOCKS = [
  { marker: 'bench', by: 'bench', table: (record: BenchRecord) => record.default && phaseTable(record.default) },
  { marker: 'bench-suite', by: 'bench', table: (record: BenchRecord) => record.suite && suiteTable(record.suite) },
  { marker: 'explore', by: 'explore', table: (record: BenchRecord) => record.explore && exploreTable(record.explore) },
]
const start = ({ marker, by }: (typeof BLOCKS)[number]) =>
  `<!-- ${marker}:start (written by npm run ${by} -- --record) -->`
const end = (marker: string) => `<!-- ${marker}:end -->`

/** The docs' quotes of the record, as they must read. */
export const benchQuotes = (record: BenchRecord): string[] =>
  BLOCKS.flatMap((block) => {
    const text = block.table(record)
    return text === undefined ? [] : [`${start(block)}\n${text}\n${end(block.marker)}`]
  })

/** Writes the record and the tables that quote it. */
export const writeBench = (record: BenchRecord): void => {
  writeFileSync(BENCH_FILE, `${JSON.stringify(record, null, 2)}\n`)
  let doc = readFileSync(BENCH_DOC, 'utf8')
  for (const block of BLOCKS) {
    const text = block.table(record)
    if (text === undefined) continue
    const from = doc.indexOf(start(block))
    const to = doc.indexOf(end(block.marker))
    if (from === -1 || to < from)
      throw new Error(`${BENCH_DOC} lacks the lines ${start(block)} and ${end(block.marker)}`)
    doc = `${doc.slice(0, from)}${start(block)}\n${text}\n${doc.slice(to)}`
  }
  writeFileSync(BENCH_DOC, doc)
}
