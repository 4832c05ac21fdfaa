import { runsOf, type VersionEvidence } from './evidence.ts'
import { type Expectation, judgeRun } from './expectations.ts'
import type { Verdict } from './verdict-record.ts'

/**
 * How a cell (a scenario on a version, over a run's repetitions) is judged. A drain and a
 * deterministic stall are judged on every run: each must meet the expectation. A rate ("stalls in
 * at least p % of runs") is judged over the evidence ledger and this run together, with a Wilson
 * score interval at 95 %: passed when its lower bound reaches p, failed when its upper bound stays
 * below p, otherwise not judged, with the runs it still needs. A run without a verdict fails.
 */
export type CellStatus = 'passed' | 'failed' | 'not judged'

export interface CellJudgement {
  status: CellStatus
  /** Why, in a few words: what failed, or what a rate has and needs. */
  reason: string
}

const Z = 1.96

/** The Wilson score interval of k successes in n trials, at 95 %. */
export const wilson = (k: number, n: number): { lower: number; upper: number } => {
  if (n === 0) return { lower: 0, upper: 1 }
  const p = k / n
  const centre = p + (Z * Z) / (2 * n)
  const spread = Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))
  const scale = 1 + (Z * Z) / n
  return { lower: (centre - spread) / scale, upper: (centre + spread) / scale }
}

const MAX_RUNS = 10_000

/** The runs a rate needs to be judged if it keeps its observed share; undefined when none would do. */
export const runsNeeded = (k: number, n: number, percent: number): number | undefined => {
  if (n === 0) return undefined
  const share = k / n
  for (let runs = n + 1; runs <= MAX_RUNS; runs++) {
    const { lower, upper } = wilson(share * runs, runs)
    if (lower >= percent / 100 || upper < percent / 100) return runs
  }
  return undefined
}

/** A rate judged over k of n runs. */
export const judgeRate = (k: number, n: number, percent: number): CellJudgement => {
  const { lower, upper } = wilson(k, n)
  const counts = `${k} of ${n} runs stalled as expected`
  if (lower >= percent / 100) return { status: 'passed', reason: `${counts}, at least ${percent} % at 95 %` }
  if (upper < percent / 100) return { status: 'failed', reason: `${counts}, fewer than ${percent} % at 95 %` }
  const needs = runsNeeded(k, n, percent)
  return { status: 'not judged', reason: `${counts}; needs ${needs === undefined ? 'more runs' : needs}` }
}

/** The ledger's runs that stalled as the expectation says, and its runs with a verdict. */
const ledgerCounts = (expectation: Expectation, evidence: VersionEvidence | undefined): { k: number; n: number } => {
  if (evidence === undefined || expectation.expect !== 'stalls') return { k: 0, n: 0 }
  const k = evidence.stalled
    .filter(
      (stall) =>
        stall.stage === expectation.stage && (expectation.family === undefined || stall.family === expectation.family),
    )
    .reduce((sum, stall) => sum + stall.runs, 0)
  return { k, n: runsOf(evidence) - evidence.noVerdict }
}

/**
 * The runs with a verdict, the ledger's and this run's together, that a cell of the matrix rests on
 * before it is called judged: fewer leave a cell that met its expectation `not judged`.
 */
export const RUNS_TO_JUDGE = 20

/** A judgement that passed on fewer than {@link RUNS_TO_JUDGE} runs is not judged; a failure stays one. */
export const requireRuns = (judgement: CellJudgement, runs: number): CellJudgement =>
  judgement.status !== 'passed' || runs >= RUNS_TO_JUDGE
    ? judgement
    : { status: 'not judged', reason: `${judgement.reason}; ${runs} of the ${RUNS_TO_JUDGE} runs a cell rests on` }

export const judgeCell = (
  expectation: Expectation,
  verdicts: readonly (Verdict | null)[],
  evidence: VersionEvidence | undefined,
): CellJudgement => {
  if (verdicts.length === 0) return { status: 'failed', reason: 'no run' }
  const withoutVerdict = verdicts.filter((verdict) => verdict === null).length
  if (withoutVerdict > 0)
    return { status: 'failed', reason: `${withoutVerdict} of ${verdicts.length} runs ended without a verdict` }
  const judged = verdicts.map((verdict) => judgeRun(verdict as Verdict, expectation))
  const missed = judged.filter((judgement) => judgement === 'missed').length
  if (missed > 0) return { status: 'failed', reason: `${missed} of ${verdicts.length} runs missed the expectation` }
  if (expectation.expect === 'drains' || expectation.atLeast === undefined) {
    return { status: 'passed', reason: `${verdicts.length} of ${verdicts.length} runs as expected` }
  }
  const ledger = ledgerCounts(expectation, evidence)
  const met = judged.filter((judgement) => judgement === 'met').length
  return judgeRate(ledger.k + met, ledger.n + verdicts.length, expectation.atLeast)
}
