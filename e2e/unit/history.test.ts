import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { TmpCapturedLine } from '../harness/capture/log-stream.ts'
import { HISTORY_ATTACHMENT, type HistoryProgress, historyTitle, toHistories } from '../harness/explore/history.ts'
import { drawSchedule, scheduleTitle } from '../harness/explore/schedule.ts'
import { stepCosts, stepDurations } from '../harness/report/step-costs.ts'
import type { SummaryRow } from '../harness/report/summary.ts'
import { historyOutcomes } from '../harness/run/explorer.ts'

const schedules = Array.from({ length: 12 }, (_, index) => drawSchedule('h', index))

test('histories share a device kind, keep the drawn order and hold at most their length', () => {
  const histories = toHistories(schedules, 3)
  expect(
    histories
      .flat()
      .map((schedule) => schedule.index)
      .sort((x, y) => x - y),
  ).toEqual(schedules.map((schedule) => schedule.index))
  for (const history of histories) {
    expect(history.length).toBeGreaterThan(0)
    expect(history.length).toBeLessThanOrEqual(3)
    expect(new Set(history.map((schedule) => schedule.device ?? 'tab')).size).toBe(1)
    const indices = history.map((schedule) => schedule.index)
    expect(indices).toEqual([...indices].sort((x, y) => x - y))
  }
  // A history of one is its schedule: the shrink and the replays find their outcomes by its title.
  for (const schedule of schedules) expect(historyTitle([schedule])).toBe(scheduleTitle(schedule))
  expect(historyTitle(schedules.filter((schedule) => schedule.device === undefined))).toMatch(
    /^history of \d+ on one store: seed h #0 #1 /,
  )
})

const history = schedules.filter((schedule) => schedule.device === undefined).slice(0, 4)
const drained = { ok: true, stage: 'drained' } as NonNullable<SummaryRow['verdict']>
const stalled = { ok: false, stage: 'leader-advanced', family: { id: 'C' } } as NonNullable<SummaryRow['verdict']>

/** The test of a history as the reporter rows it, with the progress the spec attached. */
const ran = (progress: HistoryProgress, fields: Partial<SummaryRow>): SummaryRow => {
  const folder = mkdtempSync(join(tmpdir(), 'history-'))
  writeFileSync(join(folder, HISTORY_ATTACHMENT), JSON.stringify(progress))
  // Playwright copies an attachment under attachments/ with a name of its own.
  const copy = join(folder, 'attachments', 'history-5f0c.json')
  return { observed: 'failed', outcome: 'failed', verdict: null, artifacts: [copy], ...fields } as SummaryRow
}
const at = (count: number, last: boolean) =>
  history.slice(0, count).map((schedule, index) => ({
    index: schedule.index,
    drained: index < count - 1 || last,
    timeToVerdictMs: 100 + index,
    interleaving: [{ 'leader pull:page': index }],
  }))
const keys = (result: ReturnType<typeof historyOutcomes>) => ({
  keys: result.outcomes.map((outcome) => [outcome.schedule.index, outcome.key, outcome.before.length]),
  unrun: result.unrun.map((schedule) => schedule.index),
})
const [s0, s1, s2, s3] = history.map((schedule) => schedule.index)

test("a history's outcomes: drains up to the schedule that ended it, whose key is the test's; the rest did not run", () => {
  // Every schedule drained and the test passed.
  expect(keys(historyOutcomes(history, ran(at(4, true), { outcome: 'passed', verdict: drained })))).toEqual({
    keys: [
      [s0, 'drained', 0],
      [s1, 'drained', 1],
      [s2, 'drained', 2],
      [s3, 'drained', 3],
    ],
    unrun: [],
  })
  // The third stalled.
  expect(keys(historyOutcomes(history, ran(at(3, false), { verdict: stalled })))).toEqual({
    keys: [
      [s0, 'drained', 0],
      [s1, 'drained', 1],
      [s2, 'C/leader-advanced', 2],
    ],
    unrun: [s3],
  })
  // All drained, yet the final convergence check found a client unlike the backend.
  const diverged = { ...drained, convergence: { diverged: [{ client: 'tab 1', message: 'm' }], backendHead: 'e9' } }
  expect(keys(historyOutcomes(history, ran(at(4, true), { verdict: diverged }))).keys.at(-1)).toEqual([
    s3,
    'diverged',
    3,
  ])
  // The second drained, then applying the third failed: the drained verdict is not the third's.
  expect(keys(historyOutcomes(history, ran(at(2, true), { verdict: drained, observed: 'Error: boom' })))).toEqual({
    keys: [
      [s0, 'drained', 0],
      [s1, 'drained', 1],
      [s2, 'error', 2],
    ],
    unrun: [s3],
  })
  // No row at all (the run was stopped): the first is an error, the rest did not run.
  expect(keys(historyOutcomes(history, undefined))).toEqual({ keys: [[s0, 'error', 0]], unrun: [s1, s2, s3] })
})

test('each schedule of a history keeps its own time to verdict and interleaving, the one that stalled too', () => {
  const { outcomes } = historyOutcomes(history, ran(at(3, false), { verdict: stalled }))
  expect(outcomes.map((outcome) => outcome.timeToVerdictMs)).toEqual([100, 101, 102])
  expect(outcomes.map((outcome) => outcome.interleaving?.[0]?.['leader pull:page'])).toEqual([0, 1, 2])
  // What a replay from a fresh store applies before the one that stalled: the schedules before it, as they ran.
  expect(outcomes[2]?.before.map((schedule) => [schedule.index, schedule.order?.[0]?.['leader pull:page']])).toEqual([
    [s0, 0],
    [s1, 1],
  ])
})

const harness = (t: number, name: string) =>
  ({ t, source: 'harness', name, fields: {}, process: 'harness', level: 'info', text: '', at: '' }) as TmpCapturedLine

test("a step's cost runs to the next step of its schedule; a schedule's last step, the followed change, is not timed", () => {
  const lines = [
    harness(0, 'history:schedule'),
    harness(10, 'step:writer'),
    { ...harness(15, 'pull:page'), source: 'backend' },
    harness(110, 'step:commit'),
    harness(130, 'step:commit'),
    harness(3000, 'history:schedule'),
    harness(3010, 'step:writer'),
    harness(3060, 'step:commit'),
  ]
  expect(stepDurations(lines)).toEqual([
    { tag: 'writer', ms: 100 },
    { tag: 'commit', ms: 20 },
    { tag: 'writer', ms: 50 },
  ])
  expect(stepCosts([lines, lines])).toEqual([
    { tag: 'writer', count: 4, medianMs: 75 },
    { tag: 'commit', count: 2, medianMs: 20 },
  ])
})
