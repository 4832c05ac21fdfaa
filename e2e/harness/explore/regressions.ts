import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Schema } from 'effect'
import { readDataFile } from '../base/data-file.ts'
import { repoPath } from '../paths.ts'
import { type ExpectationTable, loadExpectations } from '../verdict/expectations.ts'
import { FamilyId, VerdictStage } from '../verdict/verdict-record.ts'
import { Interleaving } from './interleaving.ts'
import { Device, Schedule, Step } from './schedule.ts'

/** A stall the explorer found and shrank, kept as a case `npm test` replays (see fixtures/regressions/README.md). */
export const RegressionCase = Schema.Struct({
  /** The file's name without `.json`; the case's scenario is `regression-<name>`. */
  name: Schema.String,
  /** The LiveStore version it was found on: it replays there, and is not applicable elsewhere. */
  livestore: Schema.String,
  foundBy: Schema.Struct({ seed: Schema.String, index: Schema.Int, steps: Schema.Int }),
  /** The kind of its device, when not a tab over WebSocket. */
  device: Schema.optional(Device),
  /**
   * The schedules that ran before it on its store, when it stalls only after them: a replay applies
   * them first, each in its found order, and each must drain.
   */
  before: Schema.optional(Schema.Array(Schedule)),
  steps: Schema.Array(Step),
  /** The interleaving of the run that found the shrunk schedule stalling: its replays keep that order (see interleaving.ts). */
  order: Schema.optional(Interleaving),
  /** What the shrunk schedule does: the stall it must keep reproducing, until a fix makes it drain. */
  expected: Schema.Struct({ stage: VerdictStage, family: Schema.optional(FamilyId), message: Schema.String }),
})
export type RegressionCase = typeof RegressionCase.Type

export const REGRESSIONS_DIR = repoPath('fixtures/regressions')

export const loadRegressions = (): RegressionCase[] =>
  readdirSync(REGRESSIONS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => readDataFile(RegressionCase, join(REGRESSIONS_DIR, file)))

export const regressionScenario = (name: string) => `regression-${name}`

/** The cases as expectation spans: each must stall as it was found, on the version it was found on. */
export const regressionCells = (cases: readonly RegressionCase[]): ExpectationTable =>
  Object.fromEntries(
    cases.map((found) => {
      const { stage, family } = found.expected
      const span = {
        from: found.livestore,
        through: found.livestore,
        expect: 'stalls' as const,
        stage,
        ...(family === undefined ? {} : { family }),
      }
      return [regressionScenario(found.name), [span]]
    }),
  )

/** The expectation table with the found cases as cells: what the fixtures and the matrix check against. */
export const expectationsWithRegressions = (): ExpectationTable => ({
  ...loadExpectations(),
  ...regressionCells(loadRegressions()),
})
