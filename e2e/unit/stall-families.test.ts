import { expect, test } from '@playwright/test'
import { LogStream } from '../harness/capture/log-stream.ts'
import { missingStep, ROUND_TRIP_STEPS } from '../harness/verdict/event-story.ts'
import { classifyStall } from '../harness/verdict/stall-families.ts'

// Fake tracepoint lines, as the leader and the session print them.
const lines = (...texts: string[]) => {
  const stream = new LogStream(0)
  for (const [index, text] of texts.entries()) stream.add('page', 'debug', text, index)
  return stream.tmpLines()
}

test('a silent drop is family A', () => {
  const family = classifyStall(lines('[TMP][leader] dropOldGen {"seqs":"e153+1r1","currentRebaseGeneration":0}'))
  expect(family?.id).toBe('A')
  expect(family?.explanation).toContain('the leader received push e153+1r1 and never advanced it')
})

test('a drop that settled its pushes (0.4.0-dev.12 on) is not A: the session resubmits', () => {
  const settled = '[TMP][leader] dropOldGen {"seqs":"e153+1r1","currentRebaseGeneration":1,"unsettled":0}'
  expect(classifyStall(lines(settled))).toBeUndefined()
  const refused = '[TMP][leader] push:refused {"error":"LeaderAheadError","expectedMin":"e154","provided":"e153+1r1"}'
  expect(classifyStall(lines(settled, refused))?.id).toBe('C')
  const unsettled = '[TMP][leader] dropOldGen {"seqs":"e153+1r1","currentRebaseGeneration":1,"unsettled":1}'
  expect(classifyStall(lines(unsettled))?.id).toBe('A')
})

test('a local-push latch left closed behind an empty final page is family B', () => {
  const family = classifyStall(
    lines(
      '[TMP][leader] latch:closeLocalPushes {"seqs":"e54"}',
      '[TMP][leader] pull:page {"count":0,"seqs":"","pageInfo":"NoMore"}',
      '[TMP][leader] apply:take {"seqs":"e55"}',
    ),
  )
  expect(family?.id).toBe('B')
  expect(family?.explanation).toContain('an empty NoMore page returned before reopening it; push e55 waits')
  const reopened = lines(
    '[TMP][leader] latch:closeLocalPushes {"seqs":"e54"}',
    '[TMP][leader] latch:openLocalPushes {"reason":"NoMore"}',
    '[TMP][leader] apply:take {"seqs":"e55"}',
  )
  expect(classifyStall(reopened)).toBeUndefined()
})

test('a rebased retry refused against the push head is family C', () => {
  const family = classifyStall(
    lines('[TMP][leader] push:refused {"error":"LeaderAheadError","expectedMin":"e4","provided":"e3r1"}'),
  )
  expect(family).toEqual({ id: 'C', explanation: expect.stringContaining('expected e4 > provided e3r1') })
})

// One event's round trip, as the seed's "Collected Logs" tell it.
const STORY = [
  '[TMP][client] local-push {"batchSize":1,"seqs":"e54r1"}',
  '[TMP][client] push->leader {"batchSize":1,"seqs":"e54r1"}',
  '[TMP][leader] push:recv {"batchSize":1,"first":"e54r1","last":"e54r1"}',
  '[TMP][leader] push:advance {"seqs":"e54r1"}',
  '[TMP][leader] notify:advance {"seqs":"e54r1"}',
  '[TMP][client] pull<-leader {"payloadTag":"upstream-advance","seqs":"e54r1"}',
  '[TMP][client] push->leader:ok {"seqs":"e54r1"}',
]

test("the seed's story of one event is checked in order", () => {
  const story = lines(...STORY)
  expect(missingStep(story, 'e54r1', ROUND_TRIP_STEPS)).toBeUndefined()
  expect(
    missingStep(
      story.filter((line) => line.name !== 'notify:advance'),
      'e54r1',
      ROUND_TRIP_STEPS,
    ),
  ).toBe('no [TMP][leader] notify:advance for e54r1 after [TMP][leader] push:advance')
  expect(missingStep(story, 'e55', ROUND_TRIP_STEPS)).toBe('no [TMP][client] local-push for e55')
})

test("the story's order holds within each source: lines of two sources may arrive crossed", () => {
  const story = lines(...STORY)
  // The story's lines in another order, by their places in it.
  const reordered = (...places: number[]) => [...places, 3, 4, 5, 6].flatMap((place) => story.slice(place, place + 1))
  expect(missingStep(reordered(0, 2, 1), 'e54r1', ROUND_TRIP_STEPS)).toBeUndefined()
  expect(missingStep(reordered(1, 0, 2), 'e54r1', ROUND_TRIP_STEPS)).toBe(
    'no [TMP][client] push->leader for e54r1 after [TMP][client] local-push',
  )
})
