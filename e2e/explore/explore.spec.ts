import { readFileSync, writeFileSync } from 'node:fs'
import { Schema } from 'effect'
import type { TabKind } from '../../apps/contract/device-kind.ts'
import { formatTmpLine } from '../../apps/contract/tmp-line.ts'
import { decodeJson, readDataFile } from '../harness/base/data-file.ts'
import type { LinearLiteApp } from '../harness/browser/app-driver.ts'
import { applySteps } from '../harness/explore/apply-steps.ts'
import { HISTORY_ATTACHMENT, type HistoryProgress, historyTitle } from '../harness/explore/history.ts'
import type { Interleaving } from '../harness/explore/interleaving.ts'
import { loadRegressions, regressionScenario } from '../harness/explore/regressions.ts'
import { describeStep, Schedule, type Step } from '../harness/explore/schedule.ts'
import { SCHEDULES_ENV } from '../harness/run/explorer.ts'
import { expect, reusedContextTest as test } from '../harness/test.ts'
import { VERDICT_ATTACHMENT, VerdictRecord } from '../harness/verdict/verdict-record.ts'

/**
 * Histories drawn by `npm run explore` (when it runs this project), else the cases it found and
 * kept under fixtures/regressions/. Each test boots a fresh store on the worker's backend and
 * browser, then applies its schedules one after another (see history.ts): each schedule's steps at
 * barriers (see apply-steps.ts), its faults lifted, its last change followed. Every change must
 * drain (exploration), or stall as it was found (a regression case, a history of one).
 */
interface Entry {
  title: string
  tag: string
  device?: TabKind
  schedules: readonly { index: number; steps: readonly Step[]; order?: Interleaving }[]
  /** A regression case replays on the version it was found on only. */
  foundOn?: string
}

const path = process.env[SCHEDULES_ENV]
const entries: Entry[] =
  path === undefined
    ? loadRegressions().map((found) => ({
        title: `regression ${found.name}: ${found.steps.map(describeStep).join(', ')}`,
        tag: `@${regressionScenario(found.name)}`,
        ...(found.device === undefined ? {} : { device: found.device }),
        schedules: [
          ...(found.before ?? []),
          {
            index: found.foundBy.index,
            steps: found.steps,
            ...(found.order === undefined ? {} : { order: found.order }),
          },
        ],
        foundOn: found.livestore,
      }))
    : decodeJson(Schema.Array(Schema.Array(Schedule)), readFileSync(path, 'utf8'), path).map((history) => ({
        title: historyTitle(history),
        tag: '@explore',
        ...(history[0]?.device === undefined ? {} : { device: history[0].device }),
        schedules: history,
      }))

test.use({ quietBoot: true })

for (const entry of entries) {
  test.describe(() => {
    test.use({ device: entry.device ?? 'tab' })
    // Before any fixture boots a store: a case replays only on the version it was found on.
    test.skip(
      ({ target }) => entry.foundOn !== undefined && entry.foundOn !== target.version,
      `found on LiveStore ${entry.foundOn}`,
    )

    test(
      entry.title,
      { tag: entry.tag },
      async ({ app, backend, store, logs, traits, follow, expectation }, testInfo) => {
        // A schedule's steps may take long (pagination, reloads): each is bounded by its barrier.
        test.setTimeout(180_000 * entry.schedules.length)
        const progress: HistoryProgress[number][] = []
        let tabs: readonly LinearLiteApp[] = [app]
        let writerId: number | undefined
        try {
          for (const schedule of entry.schedules) {
            if (entry.schedules.length > 1)
              logs.add('harness', 'info', formatTmpLine('harness', 'history:schedule', { index: schedule.index }))
            const applied = await applySteps(schedule.steps, {
              app,
              tabs,
              backend,
              storeId: store.id,
              logs,
              replicas: traits.cloudflareAdapter,
              ...(schedule.order === undefined ? {} : { order: schedule.order }),
              ...(writerId === undefined ? {} : { writerId }),
            })
            await backend.control.resetFaults()
            if (applied.last === undefined) throw new Error('a schedule ends with a change: this one made none')
            const verdict = await follow(applied.last.change, { app: applied.last.app })
            const { timeToVerdictMs } = readDataFile(VerdictRecord, testInfo.outputPath(VERDICT_ATTACHMENT))
            progress.push({
              index: schedule.index,
              drained: verdict.ok,
              timeToVerdictMs,
              interleaving: applied.interleaving,
            })
            // A drawn schedule is expected to drain (a stall is what the explorer looks for, and fails
            // its test: the worker then starts a fresh browser and backend); a regression case's last
            // schedule must stall as found, after the ones it needs drained.
            if (schedule === entry.schedules.at(-1)) expect(verdict).toMeetExpectation(expectation)
            else expect(verdict).toHaveDrained()
            tabs = applied.tabs
            writerId = applied.writerId
          }
        } finally {
          // What each schedule did, for the explorer: the test's own verdict is its last schedule's.
          const file = testInfo.outputPath(HISTORY_ATTACHMENT)
          writeFileSync(file, JSON.stringify(progress))
          await testInfo.attach(HISTORY_ATTACHMENT, { path: file, contentType: 'application/json' })
        }
      },
    )
  })
}
