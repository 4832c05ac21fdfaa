import { writeFile } from 'node:fs/promises'
import type { MadeChange } from '../browser/change.ts'
import { step } from '../run/step.ts'
import { describeExpectation, type Expectation, loadExpectations } from '../verdict/expectations.ts'
import { followChange } from '../verdict/follow-change.ts'
import { VERDICT_ATTACHMENT, type Verdict, type VerdictRecord } from '../verdict/verdict-record.ts'
import { test as base } from './app.ts'

interface VerdictTestScope {
  /** The scenario's key in fixtures/expectations.json; empty for the harness's own tests. */
  scenario: string
  /** What fixtures/expectations.json expects of this scenario on this LiveStore; skips the test when it has no cell. */
  expectation: Expectation
  /** Follows a change through its round trip; records the verdict for the report. */
  follow: (change: MadeChange, options?: { windowMs?: number }) => Promise<Verdict>
}

const cellFor = (scenario: string, version: string) => loadExpectations()[scenario]?.[version]

export const test = base.extend<VerdictTestScope>({
  scenario: ['', { option: true }],

  expectation: async ({ scenario, target }, use, testInfo) => {
    const cell = cellFor(scenario, target.version)
    testInfo.skip(
      cell === undefined,
      `no cell for ${scenario} on LiveStore ${target.version} in fixtures/expectations.json`,
    )
    if (cell === undefined) return
    testInfo.annotations.push(
      { type: 'scenario', description: scenario },
      { type: 'expected', description: describeExpectation(cell) },
    )
    await use(cell)
  },

  follow: async ({ page, backend, store, logs, target, scenario, windowMs }, use, testInfo) => {
    const cell = cellFor(scenario, target.version)
    await use(async (change, options) => {
      const window = options?.windowMs ?? windowMs
      const { verdict, elapsedMs } = await step(`follow ${change.target.label} (window ${window} ms)`, () =>
        followChange({
          page,
          control: backend.control,
          storeId: store.id,
          stream: logs,
          target: change.target,
          changedAt: change.changedAt,
          windowMs: window,
          backendGone: backend.exitReason,
        }),
      )
      const record: VerdictRecord = {
        ...verdict,
        livestoreVersion: target.label,
        ...(cell === undefined ? {} : { scenario, expected: describeExpectation(cell) }),
        windowMs: window,
        timeToVerdictMs: elapsedMs,
        storeId: store.id,
      }
      const path = testInfo.outputPath(VERDICT_ATTACHMENT)
      await writeFile(path, `${JSON.stringify(record, null, 2)}\n`)
      await testInfo.attach(VERDICT_ATTACHMENT, { path, contentType: 'application/json' })
      return verdict
    })
  },
})
