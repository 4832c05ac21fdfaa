import { readFileSync } from 'node:fs'
import { Schema } from 'effect'
import type { TabKind } from '../../apps/contract/device-kind.ts'
import { decodeJson } from '../harness/base/data-file.ts'
import { applySteps } from '../harness/explore/apply-steps.ts'
import { loadRegressions, regressionScenario } from '../harness/explore/regressions.ts'
import { describeStep, Schedule, type Step, scheduleTitle } from '../harness/explore/schedule.ts'
import { SCHEDULES_ENV } from '../harness/run/explorer.ts'
import { expect, reusedContextTest as test } from '../harness/test.ts'

/**
 * Schedules drawn by `npm run explore` (when it runs this project), else the cases it found and
 * kept under fixtures/regressions/. Each test boots a fresh store on the worker's backend and
 * browser, applies its steps at barriers (see apply-steps.ts), lifts every fault and follows the
 * last change: it must drain (exploration), or stall as it was found (a regression case).
 */
interface Entry {
  title: string
  tag: string
  device?: TabKind
  steps: readonly Step[]
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
        steps: found.steps,
        foundOn: found.livestore,
      }))
    : decodeJson(Schema.Array(Schedule), readFileSync(path, 'utf8'), path).map((schedule) => ({
        title: scheduleTitle(schedule),
        tag: '@explore',
        ...(schedule.device === undefined ? {} : { device: schedule.device }),
        steps: schedule.steps,
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

    test(entry.title, { tag: entry.tag }, async ({ app, backend, store, logs, traits, follow, expectation }) => {
      // A schedule's steps may take long (pagination, reloads): each is bounded by its barrier.
      test.setTimeout(180_000)
      const last = await applySteps(entry.steps, {
        app,
        backend,
        storeId: store.id,
        logs,
        replicas: traits.cloudflareAdapter,
      })
      await backend.control.resetFaults()
      if (last === undefined) throw new Error('a schedule ends with a change: this one made none')
      // A drawn schedule is expected to drain (a stall is what the explorer looks for, and fails
      // its test: the worker then starts a fresh browser and backend); a regression case must stall as found.
      expect(await follow(last.change, { app: last.app })).toMeetExpectation(expectation)
    })
  })
}
