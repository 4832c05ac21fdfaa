/**
 * `npm run explore -- [--livestore X] [--seed S] [--runs N | --minutes M] [--history N] [--record] [--dry-run]`:
 * draws schedules from a seed (the seed reproduces them), runs them in a real browser against the
 * real Durable Object, N at a time on one store (a history), shrinks each new kind of stall it finds
 * from fresh stores and keeps it under fixtures/regressions/. `--record` writes its figures to
 * fixtures/bench.json and docs/measurements.md.
 * Exits 1 when it found something (a stall, a divergence, a schedule without a verdict), 0 when all drained.
 */
import { randomBytes } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { wasInterrupted } from '../harness/base/child-process.ts'
import { UsageError } from '../harness/base/known-errors.ts'
import { busyCpuMs } from '../harness/base/machine-cpu.ts'
import type { TmpCapturedLine } from '../harness/capture/log-stream.ts'
import { toHistories } from '../harness/explore/history.ts'
import { firstDifference, type Interleaving } from '../harness/explore/interleaving.ts'
import { expectationsWithRegressions, REGRESSIONS_DIR, type RegressionCase } from '../harness/explore/regressions.ts'
import { describeStep, drawSchedule, type Schedule, shrinkCandidates } from '../harness/explore/schedule.ts'
import { resolveLivestore } from '../harness/livestore/resolve-target.ts'
import { livestoreFlags } from '../harness/livestore/target.ts'
import { REPO_ROOT, repoPath } from '../harness/paths.ts'
import { type ExploreRecord, provenanceNow, readBench, writeBench } from '../harness/report/bench-record.ts'
import { readTestFolder } from '../harness/report/bundle.ts'
import { median } from '../harness/report/statistics.ts'
import { stepCosts } from '../harness/report/step-costs.ts'
import { artifactsFolder } from '../harness/report/summary.ts'
import { readConfig } from '../harness/run/config.ts'
import { endedAs, type Outcome, runCases, runHistories } from '../harness/run/explorer.ts'
import { runMain } from '../harness/run/main.ts'
import { describeConvergence } from '../harness/verdict/convergence.ts'
import { cellsExpecting } from '../harness/verdict/expectations.ts'

const USAGE =
  'usage: npm run explore -- [--livestore <version|path>] [--seed <s>] [--runs <n> | --minutes <m>] [--history <n>] [--workers <n>] [--shrink-reruns <n>] [--shrink-minutes <m>] [--record] [--dry-run]'
const OUTPUT = repoPath('test-results/explore')
/** Histories per worker in one Playwright run: a worker's browser and backend start once per batch. */
const HISTORIES_PER_WORKER = 2
/** Schedules a history applies to one store unless `--history` says (1: a fresh store each). */
const HISTORY = 10
/**
 * Shrink candidates per worker in one Playwright run, each on a fresh store: a batch runs whole, so
 * it is kept short beside the shrink's budget (10 a worker took 4 to 5 minutes, over a 3-minute budget).
 */
const CANDIDATES_PER_WORKER = 4
/** Minutes a shrink may spend on one finding, unless `--shrink-minutes` says: a kind's budget, whatever its reruns. */
const SHRINK_MINUTES = 3
/** Reruns a shrink may spend on one finding, unless `--shrink-reruns` says. */
const SHRINK_RERUNS = 40
/** Workers (a browser and a backend each) unless `--workers` says: two keep both cores of a 2-core machine busy. */
const WORKERS = 2
/** A shrunk case is kept only when every one of these replays fails the same way: a race is not a gate's case (3 let three races through). */
const REPLAYS = 10
/**
 * Of those, the first run one at a time, as the gate runs them: a case that stalled 10 of 10 on two
 * workers at once drained 2 of 2 in `npm run e2e` (I-backend-received-7-7).
 */
const GATE_REPLAYS = 3

const parse = (argv: readonly string[]) => {
  const options: Record<string, string> = {}
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index] ?? ''
    if (flag === '--dry-run' || flag === '--record') options[flag.slice(2)] = '1'
    else if (
      [
        '--livestore',
        '--seed',
        '--runs',
        '--minutes',
        '--history',
        '--workers',
        '--shrink-reruns',
        '--shrink-minutes',
      ].includes(flag) &&
      argv[index + 1] !== undefined
    )
      options[flag.slice(2)] = argv[++index] as string
    else throw new UsageError(USAGE)
  }
  if (options.runs !== undefined && options.minutes !== undefined) throw new UsageError(USAGE)
  const runs = Number(options.runs ?? 20)
  const minutes = Number(options.minutes ?? 0)
  const shrinkReruns = Number(options['shrink-reruns'] ?? SHRINK_RERUNS)
  const shrinkMinutes = Number(options['shrink-minutes'] ?? SHRINK_MINUTES)
  const workers = Number(options.workers ?? WORKERS)
  const history = Number(options.history ?? HISTORY)
  if (
    !Number.isInteger(history) ||
    history < 1 ||
    !Number.isInteger(runs) ||
    runs < 1 ||
    !(minutes >= 0) ||
    !Number.isInteger(shrinkReruns) ||
    shrinkReruns < 0 ||
    !(shrinkMinutes >= 0) ||
    !Number.isInteger(workers) ||
    workers < 1
  )
    throw new UsageError(USAGE)
  return {
    seed: options.seed ?? randomBytes(4).toString('hex'),
    runs,
    minutes,
    shrinkReruns,
    shrinkMinutes,
    workers,
    history,
    livestore: options.livestore,
    dryRun: options['dry-run'] !== undefined,
    record: options.record !== undefined,
  }
}

const line = (outcome: Outcome) =>
  `seed ${outcome.schedule.seed} #${outcome.schedule.index} ${String(outcome.schedule.steps.length).padStart(2)} steps${outcome.schedule.device === undefined ? '' : ` (${outcome.schedule.device})`}: ${outcome.key}${outcome.before.length === 0 ? '' : ` (schedule ${outcome.before.length + 1} on its store)`}`

/** The [TMP] lines of every test the outcomes came from, once each (a history's schedules share one). */
const linesOfRuns = (outcomes: readonly Outcome[]) => {
  const folders = new Set(outcomes.flatMap(({ row }) => (row === undefined ? [] : [artifactsFolder(row)])))
  return [...folders].flatMap((folder) => {
    if (folder === undefined) return []
    try {
      return [readTestFolder(folder).lines]
    } catch {
      // A test that ended before any verdict has no folder to read: it has no steps to time either.
      return []
    }
  })
}

/**
 * Delta debugging over the steps: the candidates of the current schedule are run a batch at a
 * time, each on a fresh store after the schedules it needs (`before`), until one fails the same
 * way (it becomes the current one) or the budget (reruns, minutes) is spent. Returns the smallest,
 * with the interleaving of the run in which it failed that way (a candidate runs free: its steps
 * are not the found run's).
 */
const shrink = async (
  found: Outcome,
  before: readonly Schedule[],
  budget: { reruns: number; minutes: number },
  workers: number,
): Promise<{ schedule: Schedule; interleaving: Interleaving | undefined; reruns: number }> => {
  const deadline = Date.now() + budget.minutes * 60_000
  let current = found.schedule
  let interleaving = found.interleaving
  let reruns = 0
  let tried = 0
  for (;;) {
    const all = shrinkCandidates(current)
    const candidates = all
      .slice(tried, tried + Math.min(CANDIDATES_PER_WORKER * workers, budget.reruns - reruns))
      .map((candidate, offset) => ({ ...candidate, index: 10_000 + reruns + offset }))
    if (candidates.length === 0 || Date.now() >= deadline || wasInterrupted())
      return { schedule: current, interleaving, reruns }
    reruns += candidates.length
    const cases = candidates.map((candidate) => [...before, candidate])
    const outcomes = await runCases(cases, join(OUTPUT, 'shrink'), workers)
    const smaller = outcomes.find((outcome, at) => endedAs(outcome, found.key, cases[at] ?? []))
    console.log(
      `  shrink: ${current.steps.length} steps, candidates ${tried + 1}–${tried + candidates.length} of ${all.length}: ${smaller === undefined ? 'none fails the same way' : `${smaller.schedule.steps.length} steps still ${found.key}`}`,
    )
    tried += candidates.length
    if (smaller !== undefined) {
      current = smaller.schedule
      interleaving = smaller.interleaving
      tried = 0
    }
  }
}

/** A found case's name: `C-leader-advanced-<seed>-<index>`. */
const caseName = (found: Outcome): string => {
  const [family = 'unclassified', stage = ''] = found.key.split('/')
  return `${family}-${stage}-${found.schedule.seed}-${found.schedule.index}`
}

const keep = (name: string, found: Outcome, { before, schedule }: FoundCase, livestore: string): string => {
  const record: RegressionCase = {
    name,
    livestore,
    foundBy: { seed: found.schedule.seed, index: found.schedule.index, steps: found.schedule.steps.length },
    ...(schedule.device === undefined ? {} : { device: schedule.device }),
    ...(before.length === 0 ? {} : { before }),
    steps: schedule.steps,
    ...(schedule.order === undefined ? {} : { order: schedule.order }),
    expected: {
      stage: found.row?.verdict?.stage ?? 'committed',
      ...(found.row?.verdict?.family === undefined ? {} : { family: found.row.verdict.family.id }),
      message: found.row?.verdict?.message ?? '',
    },
  }
  const path = join(REGRESSIONS_DIR, `${name}.json`)
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`)
  return path
}

/** A found stall as a replay applies it to a fresh store: the schedules it needs, then its own. */
interface FoundCase {
  before: readonly Schedule[]
  schedule: Schedule
}

/**
 * Replays a case from fresh stores, a batch at a time, and stops after the first batch with a
 * run that did not fail the same way: one such run already makes it a race.
 */
const replay = async (
  { before, schedule }: FoundCase,
  key: string,
  batches: readonly { runs: number; workers: number }[],
  folder: string,
): Promise<Outcome[]> => {
  const outcomes: Outcome[] = []
  for (const [at, batch] of batches.entries()) {
    if (wasInterrupted()) break
    const copies = Array.from({ length: batch.runs }, (_, offset) => [
      ...before,
      { ...schedule, index: 20_000 + outcomes.length + offset },
    ])
    // Each batch in its own folder: a run clears its folder, and the bundles must stay.
    const ran = await runCases(copies, join(folder, `batch-${at + 1}`), batch.workers)
    outcomes.push(...ran)
    if (ran.some((outcome, run) => !endedAs(outcome, key, copies[run] ?? []))) break
  }
  return outcomes
}

/** A found case's confirmation: as the gate runs it (one worker), then the rest of REPLAYS on every worker. */
const confirmation = (workers: number) => [
  { runs: GATE_REPLAYS, workers: 1 },
  ...Array.from({ length: Math.ceil((REPLAYS - GATE_REPLAYS) / workers) }, (_, at) => ({
    runs: Math.min(workers, REPLAYS - GATE_REPLAYS - at * workers),
    workers,
  })),
]

/** How replays went: the same way or not, in the found order or where they left it, and their bundles. */
const tallyReplays = ({ before, schedule }: FoundCase, key: string, replays: readonly Outcome[]) => {
  const differences = replays.map((replay) =>
    schedule.order === undefined || replay.interleaving === undefined
      ? undefined
      : firstDifference(schedule.order, replay.interleaving),
  )
  const same = replays.filter((replay) => endedAs(replay, key, [...before, schedule])).length
  const inOrder = differences.filter(
    (difference, at) => difference === undefined && replays[at]?.interleaving !== undefined,
  ).length
  const lines = replays.flatMap((replay, at) => {
    const difference = differences[at]
    const order =
      difference === undefined
        ? ''
        : `, ${difference.how} the found order at step ${difference.step + 1} (${difference.points.join(', ')})`
    return replay.row === undefined
      ? []
      : [`  replay: ${replay.key}${order}, bundle ${artifactsFolder(replay.row)}/report.html`]
  })
  return { same, replays: { runs: replays.length, same, inOrder }, lines }
}

/**
 * The shortest case that fails as found in every probe: the found schedule alone on a fresh store,
 * then after the last 1, 2, … schedules that ran before it on its store, each as it ran (a stall may
 * need their state rather than a lucky timing). Stops at the first, or once the kind's minutes are
 * spent; says how each probe went.
 */
const replayable = async (found: Outcome, asFound: Schedule, minutes: number, workers: number, folder: string) => {
  const deadline = Date.now() + minutes * 60_000
  const tried: string[] = []
  const lines: string[] = []
  const replays = { runs: 0, same: 0, inOrder: 0 }
  for (let needs = 0; needs <= found.before.length; needs++) {
    if (needs > 0 && (Date.now() >= deadline || wasInterrupted()))
      return { tried, lines, replays, untried: found.before.length - needs + 1 }
    const candidate: FoundCase = { before: found.before.slice(found.before.length - needs), schedule: asFound }
    const probe = await replay(candidate, found.key, [{ runs: workers, workers }], join(folder, `after-${needs}`))
    const probed = tallyReplays(candidate, found.key, probe)
    tried.push(`${probed.same} of ${probe.length} ${needs === 0 ? 'on a fresh store' : `after the ${needs} before it`}`)
    lines.push(...probed.lines)
    replays.runs += probed.replays.runs
    replays.same += probed.replays.same
    replays.inOrder += probed.replays.inOrder
    if (probed.same === probe.length) return { found: candidate, tried, lines, replays, untried: 0 }
  }
  return { tried, lines, replays, untried: 0 }
}

runMain('explore', async () => {
  const { seed, runs, minutes, shrinkReruns, shrinkMinutes, workers, history, livestore, dryRun, record } = parse(
    process.argv.slice(2),
  )
  if (dryRun) {
    for (let index = 0; index < runs; index++) {
      const schedule = drawSchedule(seed, index)
      console.log(
        `seed ${seed} #${index} (${schedule.steps.length} steps): ${schedule.steps.map(describeStep).join('; ')}`,
      )
    }
    return 0
  }
  if (livestore !== undefined) process.env.LIVESTORE_VERSION = livestore
  const target = await resolveLivestore(readConfig().livestore)
  console.log(
    `exploring LiveStore ${target.label} from seed ${seed} (npm run explore -- ${livestoreFlags(target)} --seed ${seed})`,
  )
  const startedAt = Date.now()
  const cpuAtStart = busyCpuMs()
  const deadline = minutes > 0 ? startedAt + minutes * 60_000 : Number.POSITIVE_INFINITY
  const outcomes: Outcome[] = []
  // Schedules a history did not reach (an earlier one ended it) run in the next batch, on a new store.
  let unrun: Schedule[] = []
  let drawn = 0
  let batches = 0
  const timedRuns: TmpCapturedLine[][] = []
  // Each batch in its own folder (a run clears its folder): the table below prints found runs' bundles.
  const runsFolder = join(OUTPUT, 'runs')
  rmSync(runsFolder, { recursive: true, force: true })
  while ((minutes > 0 ? Date.now() < deadline : outcomes.length < runs) && !wasInterrupted()) {
    const size = HISTORIES_PER_WORKER * workers * history
    const wanted = minutes > 0 ? size : Math.min(size, runs - outcomes.length)
    const fresh = Array.from({ length: Math.max(0, wanted - unrun.length) }, () => drawSchedule(seed, drawn++))
    const folder = join(runsFolder, `batch-${++batches}`)
    const result = await runHistories(toHistories([...unrun, ...fresh], history), folder, workers)
    for (const outcome of result.outcomes) {
      console.log(line(outcome))
      outcomes.push(outcome)
    }
    unrun = result.unrun
    timedRuns.push(...linesOfRuns(result.outcomes))
  }
  const exploreMs = Date.now() - startedAt
  const exploreCpuMs = busyCpuMs() - cpuAtStart
  const costs = stepCosts(timedRuns)
  const found = new Map<string, Outcome[]>()
  // What the gate expects, read once: a kind it holds already is not shrunk.
  const gate = expectationsWithRegressions()
  for (const outcome of outcomes.filter((candidate) => candidate.key !== 'drained')) {
    found.set(outcome.key, [...(found.get(outcome.key) ?? []), outcome])
  }
  const table = ['', 'found:', 'family/stage           count  first seed          shrunk to  case']
  const findings: ExploreRecord['found'][number][] = []
  for (const [key, all] of found) {
    const first = all[0] as Outcome
    // The shortest of its kind is shrunk and replayed: it has the fewest candidates to try.
    const shortest = all.reduce((best, outcome) =>
      outcome.schedule.steps.length < best.schedule.steps.length ? outcome : best,
    )
    const from = `${shortest === first ? '' : ` from #${shortest.schedule.index}`}${shortest.before.length === 0 ? '' : `, found as schedule ${shortest.before.length + 1} on its store`}`
    const row = (rest: string) =>
      table.push(
        `${key.padEnd(22)} ${String(all.length).padStart(5)}  ${first.schedule.seed} #${String(first.schedule.index).padEnd(5)} ${rest}`,
      )
    // No verdict (a harness error, or LiveStore failed to start a tab's store), or a divergence after
    // a drain: listed with its bundle, not shrunk (a regression case expects a stage and a family).
    if (key === 'error' || key === 'store-failed' || key === 'diverged') {
      const convergence = first.row?.verdict?.convergence
      const why = `not shrunk: ${convergence !== undefined && key === 'diverged' ? describeConvergence(convergence) : `no verdict: ${first.row?.observed ?? 'no run'}`}`
      row(`(${why})`)
      findings.push({ kind: key, count: all.length, why })
      if (first.row !== undefined) table.push(`  bundle ${artifactsFolder(first.row)}/report.html`)
      continue
    }
    // Interrupted: what was found is listed, but neither shrunk nor kept as a case that may not reproduce.
    if (wasInterrupted()) {
      row('(interrupted: not shrunk, not kept)')
      findings.push({ kind: key, count: all.length, why: 'interrupted: not shrunk' })
      continue
    }
    // A stall the gate already expects on this version (a scripted scenario, a kept case) costs no shrink.
    const verdict = shortest.row?.verdict
    const heldBy =
      verdict?.family === undefined
        ? []
        : cellsExpecting(gate, target.version, {
            stage: verdict.stage,
            family: verdict.family.id,
          })
    if (heldBy.length > 0) {
      row(`held by ${heldBy.join(', ')}: not shrunk`)
      findings.push({ kind: key, count: all.length, heldBy })
      if (shortest.row !== undefined) table.push(`  bundle ${artifactsFolder(shortest.row)}/report.html`)
      continue
    }
    const name = caseName(shortest)
    const folder = join(OUTPUT, 'cases', name)
    // The found schedule first, in its found order: a race that does not come back costs these
    // replays, not a shrink.
    const asFound: Schedule = {
      ...shortest.schedule,
      ...(shortest.interleaving === undefined ? {} : { order: shortest.interleaving }),
    }
    const probed = await replayable(shortest, asFound, shrinkMinutes, workers, folder)
    if (probed.found === undefined) {
      const untried =
        probed.untried === 0 ? '' : `; ${probed.untried} longer not tried (the kind's ${shrinkMinutes} min were spent)`
      const why = `a race: of its replays, ${probed.tried.join(', ')} failed the same way${untried}; not shrunk`
      row(`(${why})`)
      table.push(...probed.lines)
      findings.push({ kind: key, count: all.length, replays: probed.replays, why })
      continue
    }
    const { before } = probed.found
    const shrunk = await shrink(shortest, before, { reruns: shrinkReruns, minutes: shrinkMinutes }, workers)
    // Each replay waits, before each step, until the system is as far as in the run that found it.
    const shrunkCase: FoundCase = {
      before,
      schedule: { ...shrunk.schedule, ...(shrunk.interleaving === undefined ? {} : { order: shrunk.interleaving }) },
    }
    // Kept as a regression case only if every replay fails the same way (a race that drains is not
    // one): first as the gate runs it, one at a time, then on every worker at once.
    const replays = await replay(shrunkCase, key, confirmation(workers), folder)
    const confirmed = tallyReplays(shrunkCase, key, replays)
    const kept =
      confirmed.same === REPLAYS && replays.length === REPLAYS
        ? keep(name, shortest, shrunkCase, target.version)
        : undefined
    const why = `${confirmed.same} of ${replays.length} replays failed the same way (a race; replays end at the first that does not), ${confirmed.replays.inOrder} began every step in the found order`
    findings.push({
      kind: key,
      count: all.length,
      replays: confirmed.replays,
      ...(kept === undefined ? { why } : { kept: relative(REPO_ROOT, kept) }),
    })
    row(
      `${String(shrunkCase.schedule.steps.length).padStart(3)} steps${before.length === 0 ? '' : ` after ${before.length} schedule(s)`}${from} (${shrunk.reruns} reruns)  ${kept ?? `not kept: ${why}`}`,
    )
    table.push(...probed.lines, ...confirmed.lines)
  }
  if (found.size === 0) table.push(`nothing found in ${outcomes.length} schedules`)
  else
    table.push(
      `${findings.filter((finding) => finding.kept !== undefined).length} of ${found.size} kinds found kept as regression cases`,
    )
  console.log(table.join('\n'))
  const drainedMs = outcomes.flatMap((outcome) =>
    outcome.key === 'drained' && outcome.timeToVerdictMs !== undefined ? [outcome.timeToVerdictMs] : [],
  )
  const quantile = (q: number) =>
    [...drainedMs].sort((a, b) => a - b)[Math.min(drainedMs.length - 1, Math.floor(q * drainedMs.length))]
  const steps = outcomes.reduce((sum, outcome) => sum + outcome.schedule.steps.length, 0)
  const perMinute = (count: number) => ((count * 60_000) / exploreMs).toFixed(1)
  console.log(
    `\n${outcomes.length} schedules (${steps} steps) in ${(exploreMs / 60_000).toFixed(1)} min on ${workers} worker(s), histories of ${history}: ${perMinute(outcomes.length)} schedules and ${perMinute(steps)} steps per minute, ${(exploreCpuMs / 1000 / Math.max(1, steps)).toFixed(2)} CPU-s per step (the machine's, shrinking excluded)`,
  )
  console.log(
    `step costs (median ms, runs timed): ${costs.map(({ tag, medianMs, count }) => `${tag} ${medianMs} (${count})`).join(', ')}`,
  )
  console.log(
    `change → drained: p50 ${median(drainedMs) ?? '-'} ms, p95 ${quantile(0.95) ?? '-'} ms, p99 ${quantile(0.99) ?? '-'} ms (${drainedMs.length} drained)`,
  )
  // An interrupted exploration's figures are partial: printed, never recorded.
  if (record && wasInterrupted()) console.log('interrupted: not recorded')
  else if (record) {
    const { tracepoints } = readConfig()
    writeBench({
      ...readBench(),
      explore: {
        ...provenanceNow(target.label, tracepoints, outcomes.length),
        seed,
        workers,
        history,
        shrink: { reruns: shrinkReruns, minutes: shrinkMinutes },
        steps,
        exploreMs,
        totalMs: Date.now() - startedAt,
        cpuMs: exploreCpuMs,
        stepCosts: costs,
        found: findings,
      },
    })
    console.log('recorded: fixtures/bench.json, and its table in docs/measurements.md')
  }
  // As a fuzzer does: 1 when a schedule stalled, diverged or ended without a verdict, so a loop or a CI job can stop on it.
  return found.size > 0 ? 1 : 0
})
