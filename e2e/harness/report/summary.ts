import { existsSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { Schema } from 'effect'
import { readDataFile } from '../base/data-file.ts'
import { LivestoreUnderTest, VerdictRecord } from '../verdict/verdict-record.ts'
import { TestPhases } from './test-phases.ts'

/** One test of a run in `summary.json`, as the reporter writes it and the matrix reads it back. */
export const SummaryRow = Schema.Struct({
  scenario: Schema.String,
  /** The key in fixtures/expectations.json, for scenario tests. */
  scenarioId: Schema.NullOr(Schema.String),
  project: Schema.String,
  /** The LiveStore the test ran on; null for tests of the harness's own logic. */
  livestore: Schema.NullOr(LivestoreUnderTest),
  expected: Schema.String,
  observed: Schema.String,
  outcome: Schema.Literal('passed', 'failed', 'timedOut', 'skipped', 'interrupted'),
  timeToVerdictMs: Schema.NullOr(Schema.Number),
  verdict: Schema.NullOr(VerdictRecord),
  artifacts: Schema.Array(Schema.String),
  metrics: Schema.Array(Schema.String),
  /** Where a scenario test's time went (the bench's suite mode); none for the harness's own tests. */
  phases: Schema.optional(TestPhases),
})
export type SummaryRow = typeof SummaryRow.Type

/** A test's own folder, where its bundle is written: its artifacts are there or in the copies' attachments/. */
export const artifactsFolder = (row: SummaryRow): string | undefined =>
  row.artifacts
    .map((path) => dirname(path))
    .map((folder) => (basename(folder) === 'attachments' ? dirname(folder) : folder))
    .sort((a, b) => a.length - b.length)[0]

export const Summary = Schema.Struct({ generatedAt: Schema.String, tests: Schema.Array(SummaryRow) })

export const SUMMARY_FILE = 'summary.json'

/** Where the reporter writes the summary when not into the run's output folder (a merge of shards). */
export const SUMMARY_DIR_ENV = 'HARNESS_SUMMARY_DIR'

/** The rows of a run's summary; none when the run wrote none (it was interrupted before its end). */
export const readSummaryRows = (dir: string): readonly SummaryRow[] => {
  const path = join(dir, SUMMARY_FILE)
  return existsSync(path) ? readDataFile(Summary, path).tests : []
}
