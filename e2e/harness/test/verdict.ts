import { writeFile } from 'node:fs/promises'
import { relative } from 'node:path'
import type { TestInfo } from '@playwright/test'
import { step } from '../base/step.ts'
import type { ChangedOn, MadeChange } from '../browser/change.ts'
import type { LogStream } from '../capture/log-stream.ts'
import { expectationsWithRegressions } from '../explore/regressions.ts'
import { REPO_ROOT } from '../paths.ts'
import { waitForIndicator } from '../report/indicator.ts'
import { toSyncSamples } from '../report/report-context.ts'
import { describeExpectation, describeRefs, type Expectation, expectationFor } from '../verdict/expectations.ts'
import { type FollowResult, followChange } from '../verdict/follow-change.ts'
import { VERDICT_ATTACHMENT, type Verdict, type VerdictRecord } from '../verdict/verdict-record.ts'
import { test as base } from './app.ts'

interface VerdictTestScope {
  /**
   * The scenario's key in fixtures/expectations.json: the test's tag (`@family-C-stale-push-head`),
   * so `--grep @<scenario>` selects it; empty for the harness's own tests.
   */
  scenario: string
  /**
   * What fixtures/expectations.json expects of this scenario on this LiveStore; a drain where it
   * has no cell (a stall is then a finding, and the verdict line says how to add the cell).
   */
  expectation: Expectation
  /**
   * Follows a change through its round trip and records the verdict for the report; of a bulk
   * change (one commit, one event per issue), its first event. When the boot's own events
   * stalled, that is the verdict: the change was made behind them.
   */
  follow: (
    change: MadeChange | readonly MadeChange[],
    options?: {
      /** The device the change was made on (a tab, the replica), whose sync state is read: the first tab unless given. */
      app?: ChangedOn
      /** The window, where the test needs another than the run's. */
      windowMs?: number
      /** The window counts from this moment (the `now` fixture) instead of the change: a reconnect, a device back online. */
      windowFrom?: number
    },
  ) => Promise<Verdict>
}

const writeVerdict = async (testInfo: TestInfo, record: VerdictRecord) => {
  const path = testInfo.outputPath(VERDICT_ATTACHMENT)
  // Attached with the bug-report bundle, once the convergence check has added to it.
  await writeFile(path, `${JSON.stringify(record, null, 2)}\n`)
}

/**
 * A recovery the test awaited past its bound is part of the verdict: a stall names it; a drain says
 * it came late. A drain whose recovery line never came at all means the barrier waited for the
 * wrong line: the test ends without a verdict rather than pass.
 */
const withMissedRecoveries = (verdict: Verdict, logs: LogStream): Verdict => {
  if (logs.missedRecoveries.length === 0) return verdict
  const named = (missed: typeof logs.missedRecoveries) => missed.map(({ description }) => `"${description}"`).join(', ')
  if (!verdict.ok) return { ...verdict, message: `${verdict.message}; not in time: ${named(logs.missedRecoveries)}` }
  const never = logs.missedRecoveries.filter(({ predicate }) => !logs.lines.some(predicate))
  if (never.length > 0)
    throw new Error(`barrier missed, yet the change drained: ${named(never)} waited for a line that never came`)
  return { ...verdict, message: `${verdict.message}; came after the barrier's bound: ${named(logs.missedRecoveries)}` }
}

export const test = base.extend<VerdictTestScope>({
  scenario: async ({}, use, testInfo) => use(testInfo.tags[0]?.replace(/^@/, '') ?? ''),

  // Automatic: every scenario test says what it expects, even one that ends before its verdict.
  expectation: [
    async ({ scenario, target }, use, testInfo) => {
      const expectation = expectationFor(expectationsWithRegressions(), scenario, target.version)
      if (scenario !== '') {
        testInfo.annotations.push(
          { type: 'scenario', description: scenario },
          { type: 'expected', description: describeExpectation(expectation) },
        )
      }
      await use(expectation)
    },
    { auto: true },
  ],

  follow: async (
    { page, app, backend, store, logs, livestoreUnderTest, scenario, expectation, windowMs },
    use,
    testInfo,
  ) => {
    await use(async (made, options = {}) => {
      const change = 'target' in made ? made : made[0]
      if (change === undefined) throw new Error('the bulk change committed no event')
      const window =
        (options.windowMs ?? windowMs) + (options.windowFrom === undefined ? 0 : options.windowFrom - change.changedAt)
      const writer = options.app ?? app
      const followed: FollowResult & { atBoot?: true } = app.bootStall
        ? { ...app.bootStall, atBoot: true }
        : await step(`follow ${change.target.label} (window ${window} ms)`, () =>
            followChange({
              readSnapshot: (ms) => writer.readSnapshot(ms),
              control: backend.control,
              storeId: store.id,
              stream: logs,
              target: change.target,
              changedAt: change.changedAt,
              windowMs: window,
              backendGone: backend.exitReason,
              peers: writer.peers(),
            }),
          )
      const refs = describeRefs(expectation.refs)
      const followedVerdict = followed.atBoot
        ? { ...followed.verdict, message: `at boot, before ${change.target.label}: ${followed.verdict.message}` }
        : followed.verdict
      const verdict = withMissedRecoveries(followedVerdict, logs)
      const samples = toSyncSamples(followed.evidence.snapshots)
      await writeVerdict(testInfo, {
        ...verdict,
        livestore: livestoreUnderTest,
        ...(scenario === '' ? {} : { scenario, expected: describeExpectation(expectation) }),
        ...(followed.atBoot ? { atBoot: true } : {}),
        windowMs: window,
        timeToVerdictMs: followed.elapsedMs,
        storeId: store.id,
        report: {
          change: { label: change.target.label, changedAt: followed.evidence.changedAt },
          samples,
          spec: { file: relative(REPO_ROOT, testInfo.file), title: testInfo.title },
          browser: `Chromium ${page.context().browser()?.version() ?? 'unknown'}`,
          ...(refs === undefined ? {} : { ref: refs }),
          // The screenshot is taken when the test ends: the indicator must show what the verdict saw.
          indicatorAgrees: await waitForIndicator(page, samples.at(-1)),
        },
      })
      return verdict
    })
  },
})
