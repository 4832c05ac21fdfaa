import { Schema } from 'effect'
import { DataFileError, decodeJson, readDataFile } from '../base/data-file.ts'
import { compareVersions } from '../livestore/traits.ts'
import { repoPath } from '../paths.ts'
import { FamilyId, type Verdict, VerdictStage } from './verdict-record.ts'

const VersionText = Schema.String.pipe(
  Schema.pattern(/^\d+\.\d+\.\d+(-[\w.]+)?$/, {
    message: () => 'must be a LiveStore version such as 0.4.0 or 0.4.0-dev.22',
  }),
)

/** An upstream reference: a pull request or an issue of livestorejs/livestore, and its state. */
export const UpstreamRef = Schema.Union(
  Schema.Struct({ pr: Schema.Int, state: Schema.Literal('open', 'merged', 'closed') }),
  Schema.Struct({ issue: Schema.Int, state: Schema.Literal('open', 'closed') }),
)
export type UpstreamRef = typeof UpstreamRef.Type

const SpanFields = {
  /** The first published version of the span. */
  from: VersionText,
  /** Its last; without it, every later version too. */
  through: Schema.optional(VersionText),
  refs: Schema.optional(Schema.Array(UpstreamRef)),
}

/** What a scenario does over a span of published versions, as `fixtures/expectations.json` writes it. */
const Span = Schema.Union(
  Schema.Struct({ ...SpanFields, expect: Schema.Literal('drains') }),
  Schema.Struct({
    ...SpanFields,
    expect: Schema.Literal('stalls'),
    /** The stage the verdict must name. */
    stage: VerdictStage,
    /** The stall family the verdict must recognise. */
    family: Schema.optional(FamilyId),
    /**
     * A race that does not strike every run: the percentage of runs that stall. Judged over the
     * evidence ledger and the run together (`judgement.ts`), never by one run.
     */
    atLeast: Schema.optional(
      Schema.Number.pipe(Schema.between(1, 100)).annotations({
        message: () => ({ message: 'must be a percentage from 1 to 100', override: true }),
      }),
    ),
  }),
)
export type Span = typeof Span.Type

export const ExpectationsFile = Schema.Struct({
  description: Schema.optional(Schema.String),
  /** The versions `npm test` runs the matrix on. */
  gate: Schema.Array(VersionText),
  /** Per scenario, its spans, oldest first and apart. */
  scenarios: Schema.Record({ key: Schema.String, value: Schema.Array(Span) }),
})

/** A scenario's span, looked up for one version. */
export type Expectation = Span & {
  scenario: string
  version: string
  /** No span covers this version: the run expects a drain, and says so. */
  noCell?: true
}

export type ExpectationTable = Record<string, readonly Span[]>

export const EXPECTATIONS_PATH = repoPath('fixtures/expectations.json')

const inSpan = (span: Span, version: string): boolean =>
  compareVersions(version, span.from) >= 0 &&
  (span.through === undefined || compareVersions(version, span.through) <= 0)

/** Spans must run oldest first and never overlap: one version, one expectation. */
const checkSpans = (table: ExpectationTable, name: string): ExpectationTable => {
  for (const [scenario, spans] of Object.entries(table)) {
    spans.forEach((span, index) => {
      const field = `${name}: scenarios["${scenario}"][${index}]`
      if (span.through !== undefined && compareVersions(span.through, span.from) < 0) {
        throw new DataFileError(`${field}: through ${span.through} comes before from ${span.from}`)
      }
      const previous = spans[index - 1]
      if (
        previous !== undefined &&
        (previous.through === undefined || compareVersions(span.from, previous.through) <= 0)
      ) {
        throw new DataFileError(
          `${field}: from ${span.from} overlaps span [${index - 1}] (through ${previous.through ?? 'every later version'})`,
        )
      }
    })
  }
  return table
}

/** Parses and checks the table; a malformed span is a one-line error naming the file and the span. */
export const parseExpectations = (text: string, path = EXPECTATIONS_PATH): ExpectationTable =>
  checkSpans(decodeJson(ExpectationsFile, text, path).scenarios, path)

export const loadExpectations = (path = EXPECTATIONS_PATH): ExpectationTable =>
  checkSpans(readDataFile(ExpectationsFile, path).scenarios, path)

/** The gate's versions, each checked to be in some span (a typo must not gate nothing). */
export const loadGateVersions = (path = EXPECTATIONS_PATH): readonly string[] => {
  const file = readDataFile(ExpectationsFile, path)
  const spans = Object.values(file.scenarios).flat()
  const uncovered = file.gate.find((version) => !spans.some((span) => inSpan(span, version)))
  if (uncovered !== undefined) throw new DataFileError(`${path}: gate: ${uncovered} is in no scenario's span`)
  return file.gate
}

/**
 * The span of a scenario that covers a version (a local tree or a patched build: the published
 * version it starts from); without one, a drain is expected (a stall is a finding, never a skip).
 */
export const expectationFor = (table: ExpectationTable, scenario: string, version: string): Expectation => {
  const span = table[scenario]?.find((candidate) => inSpan(candidate, version))
  return span === undefined
    ? { scenario, version, from: version, through: version, expect: 'drains', noCell: true }
    : { ...span, scenario, version }
}

/** The cells whose span for a version expects this stall (its stage and its family): the gate holds it already. */
export const cellsExpecting = (
  table: ExpectationTable,
  version: string,
  stall: { stage: string; family: string },
): string[] =>
  Object.keys(table).filter((scenario) => {
    const expectation = expectationFor(table, scenario, version)
    return expectation.expect === 'stalls' && expectation.stage === stall.stage && expectation.family === stall.family
  })

/** The span as its line in the file would read: `0.4.0-dev.8 … 0.4.0-dev.22`, `0.4.0-dev.23 on`. */
export const describeSpan = (span: Pick<Span, 'from' | 'through'>): string =>
  span.through === undefined
    ? `${span.from} on`
    : span.through === span.from
      ? span.from
      : `${span.from} … ${span.through}`

/** A span as a line of `fixtures/expectations.json` (what `npm run bisect` prints, to paste). */
export const formatSpan = (span: Span): string =>
  JSON.stringify(span)
    .replaceAll('":', '": ')
    .replaceAll(',"', ', "')
    .replaceAll('},{', '}, {')
    .replaceAll('{', '{ ')
    .replaceAll('}', ' }')

export const describeRefs = (refs: readonly UpstreamRef[] | undefined): string | undefined =>
  refs === undefined || refs.length === 0
    ? undefined
    : refs
        .map((ref) =>
          'pr' in ref ? `livestorejs/livestore PR #${ref.pr} (${ref.state})` : `issue #${ref.issue} (${ref.state})`,
        )
        .join(', ')

export const describeExpectation = (expectation: Expectation): string => {
  if (expectation.expect === 'drains') {
    return expectation.noCell === true
      ? `drains (no span: add one covering ${expectation.version} to scenarios["${expectation.scenario}"] in fixtures/expectations.json)`
      : 'drains'
  }
  const family = expectation.family === undefined ? '' : ` (family ${expectation.family})`
  const share = expectation.atLeast === undefined ? '' : ` in ≥ ${expectation.atLeast} % of runs`
  return `stalls at ${expectation.stage}${family}${share}`
}

/** What one run's verdict is to its expectation; a rate's drain is neither met nor missed. */
export type RunJudgement = 'met' | 'missed' | 'rate-drained'

export const judgeRun = (verdict: Verdict, expectation: Expectation): RunJudgement => {
  if (expectation.expect === 'drains') return verdict.ok ? 'met' : 'missed'
  if (verdict.ok) return expectation.atLeast === undefined ? 'missed' : 'rate-drained'
  const familyMatches = expectation.family === undefined || verdict.family?.id === expectation.family
  return verdict.stage === expectation.stage && familyMatches ? 'met' : 'missed'
}

export interface ExpectationCheck {
  pass: boolean
  message: string
}

/**
 * Whether one verdict is what the table expects, with the message a user needs either way. A
 * rate's drain does not fail its test: the rate is judged over the ledger (the reporter, the matrix).
 */
export const checkExpectation = (verdict: Verdict, expectation: Expectation): ExpectationCheck => {
  const cell = `${expectation.scenario} on LiveStore ${expectation.version}`
  const refs = describeRefs(expectation.refs)
  const ref = refs === undefined ? '' : ` (${refs})`
  const judged = judgeRun(verdict, expectation)
  if (expectation.expect === 'drains') return { pass: judged === 'met', message: verdict.message }
  if (judged === 'rate-drained') {
    return {
      pass: true,
      message: `drained this time, not judged alone: ${cell} stalls in at least ${expectation.atLeast} % of runs, judged over the evidence ledger${ref}`,
    }
  }
  if (judged === 'met') return { pass: true, message: `expected stall reproduced: ${verdict.message}` }
  if (verdict.ok) {
    return {
      pass: false,
      message: `fixed? update the expectation: ${cell} is expected to stall at ${expectation.stage}${ref}, but ${verdict.message}`,
    }
  }
  if (verdict.stage !== expectation.stage) {
    return {
      pass: false,
      message: `${cell} is expected to stall at ${expectation.stage}${ref}, but stalled at ${verdict.stage}: ${verdict.message}`,
    }
  }
  return {
    pass: false,
    message: `${cell} is expected to stall as family ${expectation.family}${ref}, but the tracepoints show ${verdict.family === undefined ? 'no known family' : `family ${verdict.family.id}`}: ${verdict.message}`,
  }
}
