import { readdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { classifyStall, finalEvidence } from '../harness/verdict/stall-families.ts'
import { consoleLines, replay } from './recorded/replay.ts'

// A stall is decided before its window closes only on a line after which its family cannot drain,
// read here on lines LiveStore really printed (e2e/unit/recorded/), as the verdict reads them: as they come.

const F = 'family-f-leader-killed-mid-page-0.4.0.jsonl'
const G = 'family-g-tab-started-mid-page-0.4.0.jsonl'
const H = 'family-h-http-poll-fails-once-0.4.0-dev.9.jsonl'
const RECORDINGS = readdirSync(new URL('./recorded/', import.meta.url)).filter((file) => file.endsWith('.jsonl'))

/**
 * The first moment of the recording at which its stall is final, with the line that made it so,
 * for a change stopped as late as one can be (a family's line may count only from a stage on).
 */
const firstFinal = (file: string) => {
  const stream = replay(file)
  const tmp = stream.tmpLines()
  const consoles = consoleLines(stream)
  for (const { t } of stream.lines) {
    const seenTmp = tmp.filter((line) => line.t <= t)
    const seenConsoles = consoles.filter((line) => line.t <= t)
    const family = classifyStall(seenTmp, { consoles: seenConsoles })
    const final = finalEvidence(family, 'peer-received', seenTmp, seenConsoles)
    if (final !== undefined) return { t, family, final }
  }
  return undefined
}

const familyAtEnd = (file: string) => {
  const stream = replay(file)
  return classifyStall(stream.tmpLines(), { consoles: consoleLines(stream) })?.id
}

test("F on 0.4.0 is final at the next leader's refusal to boot", () => {
  const found = firstFinal(F)
  expect(found?.family?.id).toBe('F')
  expect(found?.final.text).toContain(
    'During boot the backend head (153) should never be greater than the local head (53)',
  )
})

test("G on 0.4.0 is final at the second tab's failed start", () => {
  const found = firstFinal(G)
  expect(found?.family?.id).toBe('G')
  expect(found?.final.text).toContain('[TMP][client] store:error')
})

test("H on 0.4.0-dev.9 is final at the leader's swallowed sync error: nothing restarts that fiber", () => {
  const found = firstFinal(H)
  expect(found?.family?.id).toBe('H')
  expect(found?.final.text).toBe('[TMP][leader] sync:error-ignored {"error":"InvalidPullError"}')
})

test('only F, G and H ever look final, and a recording that looks final ends as that stall', () => {
  const looksFinal = RECORDINGS.filter((file) => firstFinal(file) !== undefined)
  expect(looksFinal.sort()).toEqual([F, G, H])
  for (const file of looksFinal) expect(familyAtEnd(file), file).toBe(firstFinal(file)?.family?.id)
})

test('near-miss: a drained run, C, D and E are decided by the window', () => {
  for (const file of RECORDINGS.filter((name) => ![F, G, H].includes(name))) {
    expect(firstFinal(file), file).toBeUndefined()
  }
  expect(RECORDINGS).toContain('priority-change-drained-0.4.0.jsonl')
})
