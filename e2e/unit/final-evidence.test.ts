import { readdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { classifyStall, type FinalContext, finalEvidence } from '../harness/verdict/stall-families.ts'
import type { VerdictStage } from '../harness/verdict/verdict-record.ts'
import { consoleLines, replay } from './recorded/replay.ts'

// A stall is decided before its window closes only on a line after which its family cannot drain,
// read here on lines LiveStore really printed (e2e/unit/recorded/), as the verdict reads them: as they come.

const F = 'family-f-leader-killed-mid-page-0.4.0.jsonl'
const G = 'family-g-tab-started-mid-page-0.4.0.jsonl'
const E = 'family-e-duplicate-live-page-0.4.0.jsonl'
const E_DRAINED = 'backend-restart-drained-after-duplicate-page-0.4.0-dev.9.jsonl'
const H = 'family-h-http-poll-fails-once-0.4.0-dev.9.jsonl'
const H_PARKED = 'family-h-ws-pull-fails-push-parked-0.4.0.jsonl'
const I_EVICTION = 'family-i-replica-after-backend-eviction-0.4.0.jsonl'
const I_ECHO = 'family-i-replica-push-echo-lost-0.4.0.jsonl'
const RECORDINGS = readdirSync(new URL('./recorded/', import.meta.url)).filter((file) => file.endsWith('.jsonl'))

/** Where a change stopped and whose it is, as the verdict knows them. */
type ChangeContext = Omit<FinalContext, 'lines' | 'consoles'>

/** Every leader of a recording, as a peer that has not heard of a change. */
const everyLeaderAPeer = (file: string): ChangeContext => ({
  stage: 'peer-received',
  peers: [
    {
      name: 'any',
      leaders: [
        ...new Set(
          replay(file)
            .tmpLines()
            .map((line) => line.process),
        ),
      ],
    },
  ],
})

/**
 * The first moment of the recording at which its stall is final, with the line that made it so,
 * for a change stopped as `context` says (by default a peer's pull that never came, whoever the peer).
 */
const firstFinal = (file: string, context: ChangeContext = everyLeaderAPeer(file)) => {
  const stream = replay(file)
  const tmp = stream.tmpLines()
  const consoles = consoleLines(stream)
  for (const { t } of stream.lines) {
    const seenTmp = tmp.filter((line) => line.t <= t)
    const seenConsoles = consoles.filter((line) => line.t <= t)
    const family = classifyStall(seenTmp, { consoles: seenConsoles })
    const final = finalEvidence(family, { ...context, lines: seenTmp, consoles: seenConsoles })
    if (final !== undefined) return { t, family, final }
  }
  return undefined
}

/** A change of this recording, e<global>, stopped at `stage`. */
const changeAt = (stage: VerdictStage, global: number): ChangeContext => ({ stage, change: global })

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

test("E on 0.4.0 is final at the change's push refused after the duplicate page ended the pull", () => {
  const found = firstFinal(E, changeAt('backend-stored', 55))
  expect(found?.family?.id).toBe('E')
  expect(found?.final.text).toBe('[TMP][leader] backend:push:err {"error":"ServerAheadError","seqs":"e55"}')
  expect(found?.family?.explanation).toContain('its pull ended on Die (`pull:ended`)')
})

test('near-miss: on 0.4.0-dev.9 a duplicate page ended the pull right after the page that confirmed the change', () => {
  // The backend restarted under the push of e54; its retry and the new pull both brought e54. The
  // verdict may read the stage before the lines: the change's own page says it is not waiting.
  expect(familyAtEnd(E_DRAINED)).toBe('E')
  for (const stage of ['backend-stored', 'leader-confirmed'] as const)
    expect(firstFinal(E_DRAINED, changeAt(stage, 54)), stage).toBeUndefined()
})

test("H on 0.4.0-dev.9 is final at the end of the leader's pulling fiber: nothing forks it again", () => {
  const found = firstFinal(H, changeAt('leader-confirmed', 54))
  expect(found?.family?.id).toBe('H')
  expect(found?.final.text).toBe('[TMP][leader] pull:ended {"error":"InvalidPullError"}')
})

test('H on 0.4.0 is final for a change its leader never pushed once the pull ended and the push fiber waits for one', () => {
  // A failed pull (UnknownError) ended the reloaded leader's pulling fiber; its push of e55 was
  // refused with ServerAheadError after its last page, and the fiber waits for a pull: e56 stays.
  const found = firstFinal(H_PARKED, changeAt('backend-received', 56))
  expect(found?.family?.id).toBe('H')
  expect(found?.final.text).toBe('[TMP][leader] backend:push:err {"error":"ServerAheadError","seqs":"e55"}')
  // Not before the leader holds the change, and not for a change it never held.
  expect(found?.t).toBe(15247)
  expect(firstFinal(H_PARKED, changeAt('backend-received', 57))).toBeUndefined()
})

test("I on 0.4.0 is final at the backend's new instance for a peer, and at the replica's refused push for its own", () => {
  // Nothing in 0.4.0's DO-RPC client pulls again: no page reaches the replica after the instance forgot it.
  const replica = [{ name: 'replica', leaders: ['replica'] }]
  const peer = firstFinal(I_EVICTION, { stage: 'peer-received', peers: replica })
  expect(peer?.family?.id).toBe('I')
  expect(peer?.final.text).toContain('[TMP][backend] do:start')
  // The change's own tab still pulls: its confirmation is not the replica's to give.
  expect(firstFinal(I_EVICTION, changeAt('leader-confirmed', 54))).toBeUndefined()
  expect(
    firstFinal(I_EVICTION, { stage: 'peer-received', peers: [{ name: 'B', leaders: ['leader-worker#2'] }] }),
  ).toBeUndefined()
  const own = firstFinal(I_ECHO, changeAt('backend-stored', 55))
  expect(own?.family?.id).toBe('I')
  expect(own?.final.text).toBe('[TMP][leader] backend:push:err {"error":"ServerAheadError","seqs":"e55"}')
  // Tab A's e54 was refused too, but A's pull still runs: that refusal is not final.
  expect(firstFinal(I_ECHO, changeAt('backend-stored', 54))).toBeUndefined()
})

// A peer whose leader's pull ended never hears of a later change: E_DRAINED's own change had come.
const LOOK_FINAL = [E_DRAINED, E, F, G, H, H_PARKED, I_EVICTION, I_ECHO]

test('only E, F, G, H and I ever look final, and a recording that looks final ends as that stall', () => {
  const looksFinal = RECORDINGS.filter((file) => firstFinal(file) !== undefined)
  expect(looksFinal.sort()).toEqual(LOOK_FINAL)
  for (const file of looksFinal) expect(familyAtEnd(file), file).toBe(firstFinal(file)?.family?.id)
})

test('near-miss: a drained run (a replica among them), C, D and an E whose pull still runs are decided by the window', () => {
  for (const file of RECORDINGS.filter((name) => !LOOK_FINAL.includes(name))) {
    expect(firstFinal(file), file).toBeUndefined()
    // Whichever event the change was, stopped wherever a pull could be waited for.
    for (const stage of ['backend-received', 'backend-stored', 'leader-confirmed'] as const)
      for (let global = 1; global <= 60; global += 1)
        expect(firstFinal(file, changeAt(stage, global)), `${file}, e${global} at ${stage}`).toBeUndefined()
  }
  expect(RECORDINGS).toContain('priority-change-drained-0.4.0.jsonl')
  expect(RECORDINGS).toContain('replica-live-updates-drained-0.4.0.jsonl')
})
