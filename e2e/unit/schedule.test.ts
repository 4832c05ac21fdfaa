import { expect, test } from '@playwright/test'
import { FAILED_TO_START } from '../harness/browser/app-driver.ts'
import { drawSchedule, type Schedule, scheduleTitle, shrinkCandidates } from '../harness/explore/schedule.ts'
import type { SummaryRow } from '../harness/report/summary.ts'
import { outcomeKey } from '../harness/run/explorer.ts'

test('a seed draws the same schedules: 5 to 30 steps, the last a change', () => {
  for (let index = 0; index < 20; index++) {
    const schedule = drawSchedule('s', index)
    expect(drawSchedule('s', index)).toEqual(schedule)
    expect(schedule.steps.length).toBeGreaterThanOrEqual(5)
    expect(schedule.steps.length).toBeLessThanOrEqual(30)
    expect(schedule.steps.at(-1)?._tag).toBe('commit')
  }
  expect(drawSchedule('s', 0)).not.toEqual(drawSchedule('t', 0))
})

test('shrinking tries halves first, then smaller chunks, always keeping the final change', () => {
  const schedule: Schedule = {
    seed: 's',
    index: 0,
    steps: [
      { _tag: 'writer', count: 200 },
      { _tag: 'hold-pull' },
      { _tag: 'bulk', first: 3, count: 5, priority: 'Low' },
      { _tag: 'select', issue: 2 },
      { _tag: 'commit', issue: 1, priority: 'High' },
    ],
  }
  const candidates = shrinkCandidates(schedule).map((candidate) => candidate.steps.map((step) => step._tag))
  expect(candidates.slice(0, 2)).toEqual([
    ['bulk', 'select', 'commit'],
    ['writer', 'hold-pull', 'commit'],
  ])
  // Halves (2), then single steps (4), then the two lowered counts.
  expect(candidates).toHaveLength(8)
  expect(candidates.every((tags) => tags.at(-1) === 'commit')).toBe(true)
  const lowered = shrinkCandidates(schedule).slice(-2)
  expect(lowered.map((candidate) => candidate.steps[0])).toEqual([
    { _tag: 'writer', count: 1 },
    { _tag: 'writer', count: 200 },
  ])
  expect(lowered[1]?.steps[2]).toEqual({ _tag: 'bulk', first: 3, count: 2, priority: 'Low' })
  // A found run's interleaving is not a candidate's: its steps differ.
  const ordered = { ...schedule, order: schedule.steps.map(() => ({ 'leader pull:page': 1 })) }
  expect(shrinkCandidates(ordered).some((candidate) => candidate.order !== undefined)).toBe(false)
})

test("a schedule's outcome: a divergence after a drain and a store LiveStore failed to start are findings", () => {
  const row = (fields: Partial<SummaryRow>) => ({ observed: 'passed', verdict: null, ...fields }) as SummaryRow
  const drained = { ok: true, stage: 'drained' } as NonNullable<SummaryRow['verdict']>
  expect(outcomeKey(row({ verdict: drained }))).toBe('drained')
  expect(
    outcomeKey(
      row({
        verdict: { ...drained, convergence: { diverged: [{ client: 'tab 1', message: 'm' }], backendHead: 'e9' } },
      }),
    ),
  ).toBe('diverged')
  expect(outcomeKey(row({ observed: `Error: store t-1 did not boot in tab 2: ${FAILED_TO_START}: UNIQUE` }))).toBe(
    'store-failed',
  )
  expect(outcomeKey(row({ observed: 'Error: store t-1 did not boot within 20000 ms' }))).toBe('error')
  expect(outcomeKey(undefined)).toBe('error')
})

test('a seed draws devices of both kinds; only a tab over HTTP draws an eviction', () => {
  const schedules = Array.from({ length: 200 }, (_, index) => drawSchedule('kinds', index))
  const http = schedules.filter((schedule) => schedule.device === 'http-tab')
  expect(http.length).toBeGreaterThan(20)
  expect(http.length).toBeLessThan(100)
  const tags = (of: typeof schedules) => new Set(of.flatMap((schedule) => schedule.steps.map((step) => step._tag)))
  expect(tags(http)).toContain('evict')
  const ws = schedules.filter((schedule) => schedule.device === undefined)
  expect(tags(ws)).not.toContain('evict')
  for (const tag of ['fail-pull', 'deploy'] as const) expect(tags(ws)).toContain(tag)
})

test("a schedule's title names its device when not a tab over WebSocket: the explorer finds its outcome by it", () => {
  const schedule = drawSchedule('kinds', 0)
  expect(scheduleTitle({ ...schedule, device: 'http-tab' })).toBe(
    `seed kinds #0 (${schedule.steps.length} steps, http-tab)`,
  )
  expect(scheduleTitle({ ...schedule, device: undefined })).toBe(`seed kinds #0 (${schedule.steps.length} steps)`)
})
