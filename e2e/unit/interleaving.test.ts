import { expect, test } from '@playwright/test'
import type { CapturedLine } from '../harness/capture/log-stream.ts'
import { firstDifference, type Interleaving, pointCounter, reaches } from '../harness/explore/interleaving.ts'

const line = (t: number, source: string, name: string): CapturedLine =>
  ({ t, source, name, fields: {}, process: 'page', level: 'info', text: '', at: '' }) as CapturedLine

test('only the ordered points since the schedule began are counted, each line once as the lines grow', () => {
  const lines = [
    line(5, 'leader', 'pull:page'),
    line(10, 'leader', 'pull:page'),
    line(11, 'backend', 'push:ack'),
    line(12, 'client', 'local-push'),
    line(13, 'harness', 'step:commit'),
  ]
  const pointsNow = pointCounter(lines, 10)
  expect(pointsNow()).toEqual({ 'leader pull:page': 1, 'backend push:ack': 1 })
  lines.push(line(14, 'leader', 'pull:page'))
  expect(pointsNow()).toEqual({ 'leader pull:page': 2, 'backend push:ack': 1 })
  expect(pointsNow()).toEqual({ 'leader pull:page': 2, 'backend push:ack': 1 })
})

test("a replay's wait counts each line once, captured already or still to come, and ends when every count is reached", () => {
  const predicate = reaches({ 'leader pull:page': 2, 'backend push:ack': 1 }, 0)
  const captured = [line(1, 'leader', 'pull:page'), line(2, 'backend', 'push:ack')]
  // The barrier scans what was captured, then each line to come; a line seen twice counts once.
  expect(captured.some(predicate)).toBe(false)
  expect(captured.some(predicate)).toBe(false)
  expect(predicate(line(3, 'leader', 'pull:advance'))).toBe(false)
  expect(predicate(line(4, 'leader', 'pull:page'))).toBe(true)
})

test('a replay began each step at the found counts, behind them, or ahead of them', () => {
  const found: Interleaving = [{}, { 'leader pull:page': 1 }, { 'leader pull:page': 2, 'backend push:ack': 1 }]
  expect(
    firstDifference(found, [{}, { 'leader pull:page': 1 }, { 'leader pull:page': 2, 'backend push:ack': 1 }]),
  ).toBe(undefined)
  expect(firstDifference(found, [{}, { 'leader pull:page': 1 }, { 'leader pull:page': 2 }])).toEqual({
    step: 2,
    how: 'behind',
    points: ['backend push:ack 0/1'],
  })
  expect(firstDifference(found, [{}, { 'leader pull:page': 2 }])).toEqual({
    step: 1,
    how: 'ahead',
    points: ['leader pull:page 1/2'],
  })
  expect(firstDifference(found, [{}])).toEqual({ step: 1, how: 'behind', points: ['the step never began'] })
})
