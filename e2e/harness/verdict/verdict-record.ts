import { Schema } from 'effect'
import { BundledLivestore, LivestoreTarget } from '../livestore/target.ts'
import { UnplacedPoint } from '../livestore/tracepoints/types.ts'
import { Convergence } from './convergence.ts'

/**
 * The shapes a verdict takes on its way from the fixture to `verdict.json`, the reporter and
 * `summary.json`: declared once, decoded where they are read back.
 */

/** The stages of a change's round trip, in order: the one list the verdict, the expectations and the reports use. */
export const STAGE_IDS = [
  'committed',
  'leader-received',
  'leader-advanced',
  'backend-received',
  'backend-stored',
  'leader-confirmed',
  'session-confirmed',
  'drained',
  // Another client's pull: blamed only once the change's own round trip is complete.
  'peer-received',
] as const
const oneOf = <const L extends readonly [string, ...string[]]>(literals: L) =>
  Schema.Literal(...literals).annotations({
    message: () => ({ message: `must be one of ${literals.join(', ')}`, override: true }),
  })

export const StageId = oneOf(STAGE_IDS)
export type StageId = typeof StageId.Type

/**
 * Where a verdict can stop: a stage of the round trip, or one outside it: `store-answering` (after
 * a leader tab closed, the remaining tab's store stopped answering: family D's look from the
 * follower), `tab-started` (a tab opened during the test, whose store LiveStore failed to start).
 */
export const VERDICT_STAGES = [...STAGE_IDS, 'store-answering', 'tab-started'] as const
export const VerdictStage = oneOf(VERDICT_STAGES)
export type VerdictStage = typeof VerdictStage.Type

/** The stall families (docs/scenarios.md#stall-families): A–D known upstream, E–G found by the explorer, H and I production reports, J a range run. */
export const FamilyId = oneOf(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'])
export type FamilyId = typeof FamilyId.Type

/** Which known stall a red verdict is, read from the tracepoints. */
export const StallFamily = Schema.Struct({ id: FamilyId, explanation: Schema.String })
export type StallFamily = typeof StallFamily.Type

export const StageResult = Schema.Struct({
  id: StageId,
  /** When the stage was first evidenced (ms after the change); absent when it was not. */
  atMs: Schema.optional(Schema.Number),
  observable: Schema.Boolean,
})
export type StageResult = typeof StageResult.Type

/**
 * What ended the wait for a stall: a line after which its family cannot drain (stall-families.ts),
 * or the window closing on a change that had not drained.
 */
export const Decision = Schema.Union(
  Schema.Struct({ by: Schema.Literal('evidence'), line: Schema.String }),
  Schema.Struct({ by: Schema.Literal('window') }),
)
export type Decision = typeof Decision.Type

export const Verdict = Schema.Struct({
  ok: Schema.Boolean,
  /** The first stage that never happened, or `drained` when everything did. */
  stage: VerdictStage,
  message: Schema.String,
  /** The event's sequence number as last seen (`e54`, `e55r1`). */
  seq: Schema.optional(Schema.String),
  /** The sequence number the session gave the event when it was committed (from the session's `local-push`). */
  committedSeq: Schema.optional(Schema.String),
  stages: Schema.Array(StageResult),
  /** Set when `_dev.syncStates()` stopped answering: itself a sign of a stall. */
  probe: Schema.optional(Schema.String),
  /** For a red verdict: which known stall family the tracepoints show, if any. */
  family: Schema.optional(StallFamily),
  /** For a red verdict from a followed change: what decided it. */
  decided: Schema.optional(Decision),
})
export type Verdict = typeof Verdict.Type

/** One side's sync state at a sample: what the report's timeline plots and the app's indicator shows. */
const SideSample = Schema.Struct({ pending: Schema.Number, localHead: Schema.String, upstreamHead: Schema.String })

/** A sync snapshot reduced to counts and heads, so that verdict.json stays small. */
export const SyncSample = Schema.Struct({
  t: Schema.Number,
  session: Schema.optional(SideSample),
  leader: Schema.optional(SideSample),
  /** Why the probe did not answer, when it did not. */
  unanswered: Schema.optional(Schema.String),
})
export type SyncSample = typeof SyncSample.Type

/**
 * What the bug-report bundle needs beyond the verdict, recorded with it so that a bundle can be
 * rebuilt from someone else's artifacts alone.
 */
export const ReportContext = Schema.Struct({
  /** The followed change, and when the harness made it (stream ms). */
  change: Schema.Struct({ label: Schema.String, changedAt: Schema.Number }),
  samples: Schema.Array(SyncSample),
  spec: Schema.Struct({ file: Schema.String, title: Schema.String }),
  browser: Schema.String,
  /** The upstream reference behind the expectation (fixtures/expectations.json). */
  ref: Schema.optional(Schema.String),
  /** Whether the app's indicator showed the final sample when the test ended (the screenshot's state). */
  indicatorAgrees: Schema.optional(Schema.Boolean),
})
export type ReportContext = typeof ReportContext.Type

/** The LiveStore a run judged: what was asked and resolved, and what each build bundled of it. */
export const LivestoreUnderTest = Schema.Struct({
  ...LivestoreTarget.fields,
  /** Absent when the backend is the user's own (`--backend-url`): its worker was built elsewhere. */
  bundled: Schema.optional(Schema.Struct({ app: BundledLivestore, worker: BundledLivestore })),
  /** The app build's tracepoints that found no place: the stages and barriers they fed are not observed. */
  unplacedTracepoints: Schema.optional(Schema.Array(UnplacedPoint)),
})
export type LivestoreUnderTest = typeof LivestoreUnderTest.Type

/** `verdict.json`: the verdict with what it was made on. */
export const VerdictRecord = Schema.Struct({
  ...Verdict.fields,
  livestore: LivestoreUnderTest,
  /** The scenario's key in fixtures/expectations.json, and what the table expects of it here. */
  scenario: Schema.optional(Schema.String),
  expected: Schema.optional(Schema.String),
  /** The boot's own events stalled: the verdict is theirs, and the test's change waited behind them. */
  atBoot: Schema.optional(Schema.Literal(true)),
  storeId: Schema.String,
  windowMs: Schema.Number,
  /** From the change to the verdict. */
  timeToVerdictMs: Schema.Number,
  report: Schema.optional(ReportContext),
  /** Written after the test: did every client end with the backend's eventlog (convergence.ts)? */
  convergence: Schema.optional(Convergence),
})
export type VerdictRecord = typeof VerdictRecord.Type

/** The name of the attachment a test's verdict travels in, from the fixture to the reporter. */
export const VERDICT_ATTACHMENT = 'verdict.json'
