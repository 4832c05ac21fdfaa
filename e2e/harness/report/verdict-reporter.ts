import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { FullConfig, FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter'
import { readDataFile } from '../base/data-file.ts'
import { expectationsWithRegressions } from '../explore/regressions.ts'
import type { LivestoreRequest } from '../livestore/target.ts'
import { findPreparedTarget } from '../livestore/target-handoff.ts'
import { evidenceFor, loadLedger } from '../verdict/evidence.ts'
import { type Expectation, expectationFor } from '../verdict/expectations.ts'
import { judgeCell } from '../verdict/judgement.ts'
import { type LivestoreUnderTest, VERDICT_ATTACHMENT, VerdictRecord } from '../verdict/verdict-record.ts'
import { describeDecision, replayCommand } from './bug-report.ts'
import { artifactsFolder, SUMMARY_DIR_ENV, SUMMARY_FILE, type Summary, type SummaryRow } from './summary.ts'
import { phasesOf } from './test-phases.ts'

const observedOf = (verdict: VerdictRecord) =>
  verdict.ok
    ? 'drained'
    : `stalled at ${verdict.stage}${verdict.family === undefined ? '' : ` (family ${verdict.family.id})`}`

/** Why a test did not run: the reason of its `test.skip` (a scenario not applicable to this LiveStore). */
const skipReason = (annotations: readonly { type: string; description?: string }[]) => {
  const reason = annotations.find((a) => a.type === 'skip')?.description
  return reason === undefined ? '' : `not applicable: ${reason}`
}

/**
 * The LiveStore a test ran on: its verdict's record, or, for a test that ended before its verdict,
 * the one the global setup resolved for its project; none for tests of the harness's own logic.
 */
const livestoreOf = (test: TestCase, verdict: VerdictRecord | null): LivestoreUnderTest | null => {
  if (verdict !== null) return verdict.livestore
  const request = (test.parent.project()?.use as { livestore?: LivestoreRequest } | undefined)?.livestore
  return request === undefined ? null : (findPreparedTarget(request) ?? null)
}

type RateExpectation = Extract<Expectation, { expect: 'stalls' }> & { atLeast: number }

// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is matched
const ANSI_COLOUR = /\u001b\[[0-9;]*m/g

/** The first line of an error, without the terminal colours of Playwright's messages. */
const firstLine = (text: string | undefined) =>
  (text ?? '')
    .replace(ANSI_COLOUR, '')
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim() ?? ''

/**
 * Ends a run with one line per test, its verdict and where its artifacts are, writes
 * `test-results/summary.json`, and closes on `N passed, N failed` for CI.
 */
export default class VerdictReporter implements Reporter {
  private rows: SummaryRow[] = []
  private outputDir = 'test-results'

  onBegin(config: FullConfig) {
    this.outputDir = config.projects[0]?.outputDir ?? this.outputDir
  }

  onTestEnd(test: TestCase, result: TestResult) {
    const attachment = result.attachments.find((a) => a.name === VERDICT_ATTACHMENT && a.path !== undefined)
    const verdict = attachment?.path === undefined ? null : readDataFile(VerdictRecord, attachment.path)
    const error = firstLine(result.error?.message)
    const project = test.parent.project()?.name ?? ''
    // Runtime annotations can show up in both lists.
    const annotations = [
      ...new Map([...test.annotations, ...result.annotations].map((a) => [`${a.type}\0${a.description}`, a])).values(),
    ]
    this.rows.push({
      scenario: test.titlePath().slice(2).join(' › '),
      // A test skipped before its fixtures (not applicable) has only its tag and its project to say what it was.
      scenarioId:
        verdict?.scenario ??
        annotations.find((a) => a.type === 'scenario')?.description ??
        test.tags[0]?.replace(/^@/, '') ??
        null,
      project,
      livestore: livestoreOf(test, verdict),
      expected: annotations.find((a) => a.type === 'expected')?.description ?? (verdict === null ? 'passes' : 'drains'),
      observed: verdict === null ? error || skipReason(annotations) || result.status : observedOf(verdict),
      outcome: result.status,
      timeToVerdictMs: verdict?.timeToVerdictMs ?? null,
      verdict,
      metrics: annotations
        .filter((a) => a.type === 'metric')
        .flatMap((a) => (a.description === undefined ? [] : [a.description])),
      artifacts: result.attachments.flatMap((a) => (a.path === undefined ? [] : [relative(process.cwd(), a.path)])),
      ...(verdict === null ? {} : { phases: phasesOf(result.steps) }),
    })
  }

  /**
   * The rate cells of the run ("stalls in at least p % of runs"), each judged over the ledger and
   * this run's repetitions: a rate's drain passes its test but is not judged by it.
   */
  private rateLines(rateOf: (row: SummaryRow) => RateExpectation | undefined): { lines: string[]; failed: number } {
    const ledger = loadLedger()
    const cells = new Map<string, { expectation: RateExpectation; rows: SummaryRow[] }>()
    for (const row of this.rows) {
      const expectation = row.outcome === 'skipped' ? undefined : rateOf(row)
      if (expectation === undefined || row.livestore === null) continue
      const key = `${row.scenarioId}\0${row.livestore.label}`
      cells.set(key, { expectation, rows: [...(cells.get(key)?.rows ?? []), row] })
    }
    const judged = [...cells.values()].map(({ expectation, rows }) => ({
      expectation,
      judgement: judgeCell(
        expectation,
        rows.map((row) => row.verdict),
        rows[0]?.livestore?.kind === 'checkout' || (rows[0]?.livestore?.patches.length ?? 0) > 0
          ? undefined
          : evidenceFor(ledger, expectation.scenario, expectation.version),
      ),
    }))
    return {
      lines: judged.map(
        ({ expectation, judgement }) =>
          `  rate ${expectation.scenario} on ${expectation.version} (stalls in ≥ ${expectation.atLeast} %, ledger and this run): ${judgement.status}: ${judgement.reason}`,
      ),
      failed: judged.filter(({ judgement }) => judgement.status === 'failed').length,
    }
  }

  async onEnd(result: FullResult): Promise<{ status: FullResult['status'] } | undefined> {
    const table = expectationsWithRegressions()
    const rateOf = (row: SummaryRow): RateExpectation | undefined => {
      if (row.scenarioId === null || row.livestore === null) return undefined
      const expectation = expectationFor(table, row.scenarioId, row.livestore.version)
      return expectation.expect === 'stalls' && expectation.atLeast !== undefined
        ? { ...expectation, atLeast: expectation.atLeast }
        : undefined
    }
    const isRateDrain = (row: SummaryRow) =>
      row.outcome === 'passed' && row.verdict?.ok === true && rateOf(row) !== undefined
    const notJudged = this.rows.filter(isRateDrain).length
    const passed = this.rows.filter((row) => row.outcome === 'passed').length - notJudged
    const skipped = this.rows.filter((row) => row.outcome === 'skipped').length
    const rates = this.rateLines(rateOf)
    const failed = this.rows.length - passed - notJudged - skipped + rates.failed
    const scenarios = this.rows.filter((row) => row.project !== 'unit')
    const lines = scenarios.length === 0 ? [] : ['', 'Verdicts:']
    for (const row of scenarios) {
      // An expected stall that reproduced passes as an expected failure; a rate's drain is not judged alone.
      const mark =
        row.outcome === 'skipped'
          ? 'n/a  '
          : row.outcome !== 'passed'
            ? 'FAIL '
            : isRateDrain(row)
              ? 'n/j  '
              : row.expected.startsWith('stalls') && row.verdict?.ok !== true
                ? 'xfail'
                : 'ok   '
      const timing = row.timeToVerdictMs === null ? '' : ` (${row.timeToVerdictMs} ms)`
      // A test that did not run has no expectation to compare: its line says why it did not.
      const outcome = row.outcome === 'skipped' ? row.observed : `expected ${row.expected}, observed ${row.observed}`
      const livestore = row.livestore === null ? '' : ` [LiveStore ${row.livestore.label}]`
      lines.push(`  ${mark} ${row.scenario}${livestore}: ${outcome}${timing}`)
      if (row.verdict !== null && !row.verdict.ok) lines.push(`       ${row.verdict.message}`)
      if (row.verdict?.decided !== undefined) lines.push(`       ${describeDecision(row.verdict.decided)}`)
      for (const metric of row.metrics) lines.push(`       ${metric}`)
      const folder = artifactsFolder(row)
      if (folder !== undefined) lines.push(`       artifacts: ${folder}/`)
      const replay = row.verdict === null ? undefined : replayCommand(row.verdict)
      const report = folder === undefined ? undefined : join(folder, 'report.html')
      if (mark === 'FAIL ' && replay !== undefined) lines.push(`       replay: ${replay}`)
      if (mark !== 'ok   ' && report !== undefined && existsSync(report)) lines.push(`       report: ${report}`)
    }
    if (rates.lines.length > 0) lines.push('', 'Rates:', ...rates.lines)
    const summaryDir = process.env[SUMMARY_DIR_ENV] ?? this.outputDir
    mkdirSync(summaryDir, { recursive: true })
    const summaryPath = join(summaryDir, SUMMARY_FILE)
    const summary: typeof Summary.Type = { generatedAt: new Date().toISOString(), tests: this.rows }
    writeFileSync(summaryPath, `${JSON.stringify(summary, null, 2)}\n`)
    if (scenarios.length > 0) lines.push(`  summary: ${relative(process.cwd(), summaryPath)}`)
    if (result.status === 'interrupted') lines.push('', 'run interrupted: the tests not listed did not run')
    // A run whose tests were all skipped checked nothing: it is never green (`--list` runs none at all).
    const nothingRan = this.rows.length > 0 && passed + failed + notJudged === 0
    if (nothingRan) lines.push('', 'no test ran: every selected test was skipped or not applicable')
    const extra = [notJudged === 0 ? '' : `, ${notJudged} not judged`, skipped === 0 ? '' : `, ${skipped} skipped`]
    lines.push('', `${passed} passed, ${failed} failed${extra.join('')}`)
    console.log(lines.join('\n'))
    return (nothingRan || rates.failed > 0) && result.status === 'passed' ? { status: 'failed' } : undefined
  }

  printsToStdio() {
    return false
  }
}
