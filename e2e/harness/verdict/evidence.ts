import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Schema } from 'effect'
import { DataFileError, readDataFile } from '../base/data-file.ts'
import { compareVersions } from '../livestore/traits.ts'
import { REPO_ROOT, repoPath } from '../paths.ts'
import { FamilyId, type Verdict, VerdictStage } from './verdict-record.ts'

/**
 * The evidence ledger: what runs observed, per scenario and published LiveStore version, added to
 * by `npm run matrix -- --record` and never written by hand. One file per scenario under
 * `fixtures/evidence/`, so that machines and days add up with few merge conflicts.
 */
const Count = Schema.Int.pipe(Schema.nonNegative())

export const VersionEvidence = Schema.Struct({
  drained: Count,
  stalled: Schema.Array(Schema.Struct({ stage: VerdictStage, family: Schema.optional(FamilyId), runs: Count })),
  /** Runs that ended without a verdict (a harness error, a boot that failed before the change). */
  noVerdict: Count,
  /** The days runs were recorded on (UTC, `YYYY-MM-DD`), oldest first. */
  dates: Schema.Array(Schema.String),
  /** The harness commits that ran them (`-dirty` when the tree had changes). */
  harness: Schema.Array(Schema.String),
  /** The LiveStore build's content fingerprints (one, unless the fingerprint's definition changed). */
  fingerprints: Schema.Array(Schema.String),
})
export type VersionEvidence = typeof VersionEvidence.Type

export const ScenarioEvidence = Schema.Struct({
  scenario: Schema.String,
  versions: Schema.Record({ key: Schema.String, value: VersionEvidence }),
})
type ScenarioEvidence = typeof ScenarioEvidence.Type

export type Ledger = ReadonlyMap<string, ScenarioEvidence>

export const EVIDENCE_DIR = repoPath('fixtures/evidence')

const fileOf = (dir: string, scenario: string) => join(dir, `${scenario}.json`)

export const loadLedger = (dir = EVIDENCE_DIR): Ledger => {
  if (!existsSync(dir)) return new Map()
  const entries = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      const evidence = readDataFile(ScenarioEvidence, join(dir, file))
      if (`${evidence.scenario}.json` !== file) {
        throw new DataFileError(`${join(dir, file)}: scenario: ${evidence.scenario} is not the file's name`)
      }
      return [evidence.scenario, evidence] as const
    })
  return new Map(entries)
}

export const evidenceFor = (ledger: Ledger, scenario: string, version: string): VersionEvidence | undefined =>
  ledger.get(scenario)?.versions[version]

export const runsOf = (evidence: VersionEvidence): number =>
  evidence.drained + evidence.noVerdict + evidence.stalled.reduce((sum, stall) => sum + stall.runs, 0)

/** One run to add: a scenario on a published version, with its verdict or none. */
export interface RecordedRun {
  scenario: string
  version: string
  fingerprint: string
  verdict: Verdict | null
}

const union = (values: readonly string[], more: readonly string[]) => [...new Set([...values, ...more])]

const EMPTY: VersionEvidence = { drained: 0, stalled: [], noVerdict: 0, dates: [], harness: [], fingerprints: [] }

const addRun = (evidence: VersionEvidence, run: RecordedRun, date: string, harness: string): VersionEvidence => {
  const { verdict } = run
  const family = verdict?.family?.id
  const stalled =
    verdict === null || verdict.ok
      ? evidence.stalled
      : evidence.stalled.some((stall) => stall.stage === verdict.stage && stall.family === family)
        ? evidence.stalled.map((stall) =>
            stall.stage === verdict.stage && stall.family === family ? { ...stall, runs: stall.runs + 1 } : stall,
          )
        : [...evidence.stalled, { stage: verdict.stage, ...(family === undefined ? {} : { family }), runs: 1 }]
  return {
    drained: evidence.drained + (verdict?.ok === true ? 1 : 0),
    stalled,
    noVerdict: evidence.noVerdict + (verdict === null ? 1 : 0),
    dates: union(evidence.dates, [date]).sort(),
    harness: union(evidence.harness, [harness]),
    fingerprints: union(evidence.fingerprints, [run.fingerprint]),
  }
}

/** The ledger with the runs added (pure: the caller writes it). */
export const addRuns = (ledger: Ledger, runs: readonly RecordedRun[], date: string, harness: string): Ledger => {
  const next = new Map(ledger)
  for (const run of runs) {
    const scenario = next.get(run.scenario) ?? { scenario: run.scenario, versions: {} }
    const versions = {
      ...scenario.versions,
      [run.version]: addRun(scenario.versions[run.version] ?? EMPTY, run, date, harness),
    }
    next.set(run.scenario, { scenario: run.scenario, versions })
  }
  return next
}

/** Writes the scenarios the runs touched, versions oldest first. */
export const writeLedger = (ledger: Ledger, scenarios: Iterable<string>, dir = EVIDENCE_DIR): string[] => {
  mkdirSync(dir, { recursive: true })
  return [...new Set(scenarios)].flatMap((scenario) => {
    const evidence = ledger.get(scenario)
    if (evidence === undefined) return []
    const versions = Object.fromEntries(
      Object.keys(evidence.versions)
        .sort(compareVersions)
        .map((version) => [version, evidence.versions[version]]),
    )
    const path = fileOf(dir, scenario)
    writeFileSync(path, `${JSON.stringify({ scenario, versions }, null, 2)}\n`)
    return [path]
  })
}

/** The harness's commit, `-dirty` when its tree has uncommitted changes outside the ledger. */
export const harnessCommit = (): string => {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim()
  try {
    const dirty = git('status', '--porcelain', '--', '.', ':!fixtures/evidence') !== ''
    return `${git('rev-parse', '--short=12', 'HEAD')}${dirty ? '-dirty' : ''}`
  } catch {
    return 'unknown'
  }
}

/** "stalled at leader-advanced (C) 58, drained 2 of 60 runs, 3 days": the ledger's word on a cell. */
export const describeEvidence = (evidence: VersionEvidence | undefined): string => {
  if (evidence === undefined) return 'no evidence'
  const parts = [
    ...[...evidence.stalled]
      .sort((a, b) => b.runs - a.runs)
      .map(
        (stall) => `stalled at ${stall.stage}${stall.family === undefined ? '' : ` (${stall.family})`} ${stall.runs}`,
      ),
    ...(evidence.drained > 0 ? [`drained ${evidence.drained}`] : []),
    ...(evidence.noVerdict > 0 ? [`no verdict ${evidence.noVerdict}`] : []),
  ]
  const days = evidence.dates.length
  return `${parts.join(', ')} of ${runsOf(evidence)} runs, ${days} day${days === 1 ? '' : 's'}`
}
