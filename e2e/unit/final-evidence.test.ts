import { readdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { classifyStall, finalEvidence } from '../harness/verdict/stall-families.ts'
import type { VerdictStage } from '../harness/verdict/verdict-record.ts'
import { consoleLines, replay } from './recorded/replay.ts'

// A stall is decided before its window closes only on a line after which its family cannot drain,
// read here on lines LiveStore really printed (e2e/unit/recorded/), as the verdict reads them: as they come.

const E = 'family-e-duplicate-live-page-0.4.0.jsonl'
const F = 'family-f-leader-killed-mid-page-0.4.0.jsonl'
const G = 'family-g-tab-started-mid-page-0.4.0.jsonl'
const H = 'family-h-http-poll-fails-once-0.4.0-dev.9.jsonl'
const RECORDINGS = readdirSync(new URL('./recorded/', import.meta.url)).filter((file) => file.endsWith('.jsonl'))

/**
 * The first moment of the recording at which its stall is final, with the line that made it so,
 * for a change stopped at `stage` (by default as late as one can be: a family's line may count only from a stage on).
 */
const firstFinal = (file: string, stage: VerdictStage = 'peer-received') => {
  const stream = replay(file)
  const tmp = stream.tmpLines()
  const consoles = consoleLines(stream)
  for (const { t } of stream.lines) {
    const seenTmp = tmp.filter((line) => line.t <= t)
    const seenConsoles = consoles.filter((line) => line.t <= t)
    const family = classifyStall(seenTmp, { consoles: seenConsoles })
    const final = finalEvidence(family, stage, seenTmp, seenConsoles)
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

test("E on 0.4.0 whose pull ended on a swallowed error is final at the backend's refusal of the next push", () => {
  // The change the backend refused waits for a pull to restart its push, and that pull is over.
  const refused = firstFinal(E, 'backend-stored')
  expect(refused?.family?.id).toBe('E')
  expect(refused?.final.text).toBe('[TMP][leader] backend:push:err {"error":"ServerAheadError","seqs":"e55"}')
  // Before the refusal the push may still get through: a dead pull alone does not stop it.
  const ended = firstFinal(E)
  expect(ended?.final.text).toBe('[TMP][leader] sync:error-ignored {"error":"Die"}')
  expect(ended?.t).toBeLessThan(refused?.t ?? 0)
  expect(firstFinal(E, 'backend-received')).toBeUndefined()
})

test('only E (its pull ended on an error), F, G and H ever look final, and a recording that looks final ends as that stall', () => {
  const looksFinal = RECORDINGS.filter((file) => firstFinal(file) !== undefined)
  expect(looksFinal.sort()).toEqual([E, F, G, H])
  for (const file of looksFinal) expect(familyAtEnd(file), file).toBe(firstFinal(file)?.family?.id)
})

test('near-miss: a drained run, C, D, I and an E whose pull ended without a word are decided by the window', () => {
  for (const file of RECORDINGS.filter((name) => ![E, F, G, H].includes(name))) {
    expect(firstFinal(file), file).toBeUndefined()
  }
  expect(RECORDINGS).toContain('priority-change-drained-0.4.0.jsonl')
})
