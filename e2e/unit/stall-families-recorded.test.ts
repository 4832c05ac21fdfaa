import { expect, test } from '@playwright/test'
import { REPLICA_PEER } from '../harness/browser/replica-device.ts'
import type { TmpCapturedLine } from '../harness/capture/log-stream.ts'
import { loadExpectations } from '../harness/verdict/expectations.ts'
import { classifyStall, FAMILY_STAGES, finalEvidence } from '../harness/verdict/stall-families.ts'
import { consoleLines, replay } from './recorded/replay.ts'

// The classifier on lines LiveStore really printed (e2e/unit/recorded/), and on near-misses.

test('family C on 0.4.0: the rebased retry refused against the stale push head, nothing pending', () => {
  const family = classifyStall(replay('family-c-0.4.0.jsonl').tmpLines(), { leaderPending: 0 })
  expect(family?.id).toBe('C')
  expect(family?.explanation).toContain(
    'the leader refused the rebased retry (`push:refused` LeaderAheadError, expected e56 > provided e55r1) while it had nothing pending — family C, stale push head e56',
  )
  expect(family?.explanation).toContain('moved there on accepting e54..e56')
  expect(family?.explanation).toContain('PR #1530')
})

test('near-miss: a reject followed by a rebased retry that went through is not C', () => {
  const lines = replay('family-c-0.4.0.jsonl')
    .tmpLines()
    .filter((line) => line.name !== 'push:refused' && line.name !== 'push->leader:err')
  expect(lines.some((line) => line.name === 'push:reject')).toBe(true)
  expect(classifyStall(lines)).toBeUndefined()
})

test('family J on 0.3.1: the rebased client documents rejected with the stale batch before them, never pushed again', () => {
  const lines = replay('rejected-with-the-queue-0.3.1.jsonl').tmpLines()
  const family = classifyStall(lines, { stop: { stage: 'leader-advanced', seq: 'e53+1' } })
  expect(family?.id).toBe('J')
  expect(family?.explanation).toContain(
    'the leader rejected the stale batch e0+1 (expected e53+1) and failed the queued e53+1..e53+3 with it (`push:reject:queued`)',
  )
  expect(family?.explanation).toContain('PR #742')
  // The user's change e54, pushed after them, went through: J is about the queued ones only.
  expect(classifyStall(lines, { stop: { stage: 'leader-advanced', seq: 'e54' } })).toBeUndefined()
})

test('near-miss: queued pushes rejected and then pushed again are not J', () => {
  const lines = replay('rejected-with-the-queue-0.3.1.jsonl').tmpLines()
  const taken = lines.findIndex((line) => line.name === 'push:reject:queued')
  const again = lines.find((line) => line.name === 'push:recv' && line.fields.first === 'e53+1') as TmpCapturedLine
  const stop = { stage: 'leader-advanced', seq: 'e53+2' } as const
  expect(classifyStall([...lines.slice(0, taken + 1), again], { stop })).toBeUndefined()
  expect(classifyStall(lines.slice(0, taken + 1), { stop })?.id).toBe('J')
})

test('family D on 0.4.0: the leader tab closed and the SharedWorker hung closing the previous worker', () => {
  const stream = replay('family-d-before-leader-received-0.4.0.jsonl')
  const family = classifyStall(stream.tmpLines(), { consoles: consoleLines(stream) })
  expect(family?.id).toBe('D')
  expect(family?.explanation).toContain('close-previous-worker: Took longer than 500ms')
  expect(family?.explanation).toContain('issue #955')
})

test('near-miss: a leader tab closed without the SharedWorker hanging is not D', () => {
  const stream = replay('family-d-before-leader-received-0.4.0.jsonl')
  expect(classifyStall(stream.tmpLines(), { consoles: [] })).toBeUndefined()
  const withoutClose = stream.tmpLines().filter((line) => line.name !== 'tab:close')
  expect(classifyStall(withoutClose, { consoles: consoleLines(stream) })).toBeUndefined()
})

test('near-miss: a dropOldGen the session recovered from is not A; the stale push head after it is C', () => {
  const lines = replay('explore-dropoldgen-then-c-0.4.0.jsonl').tmpLines()
  const family = classifyStall(lines, { leaderPending: 0 })
  expect(family?.id).toBe('C')
  expect(family?.explanation).toContain('expected e76r2 > provided e70r2')
  const untilTheRefusal = lines.slice(
    0,
    lines.findIndex((line) => line.name === 'push:reject'),
  )
  expect(untilTheRefusal.some((line) => line.name === 'dropOldGen')).toBe(true)
  expect(classifyStall(untilTheRefusal)).toBeUndefined()
})

test('family E on 0.4.0: a page of events the leader had applied from the live broadcast, then no page again', () => {
  const lines = replay('explore-duplicate-live-page-0.4.0.jsonl').tmpLines()
  const family = classifyStall(lines, { leaderPending: 4 })
  expect(family?.id).toBe('E')
  expect(family?.explanation).toContain(
    'the leader received page e349 after it had applied e349 from the live broadcast',
  )
  expect(family?.explanation).toContain('#1462')
})

test('near-miss: a duplicate page followed by a page the leader applied is not E', () => {
  const lines = replay('explore-duplicate-live-page-0.4.0.jsonl', [
    {
      t: 40_000,
      process: 'leader-worker',
      level: 'debug',
      text: '[TMP][leader] pull:page {"count":1,"seqs":"e350","pageInfo":"NoMore"}',
    },
    {
      t: 40_010,
      process: 'leader-worker',
      level: 'debug',
      text: '[TMP][leader] pull:advance {"seqs":"e350","pending":0}',
    },
  ]).tmpLines()
  expect(classifyStall(lines, { leaderPending: 4 })).toBeUndefined()
})

test('family F on 0.4.0: the reloaded leader refused to boot, its saved backend head ahead of its eventlog', () => {
  const stream = replay('family-f-leader-killed-mid-page-0.4.0.jsonl')
  const family = classifyStall(stream.tmpLines(), { consoles: consoleLines(stream) })
  expect(family?.id).toBe('F')
  expect(family?.explanation).toContain(
    'saving backend head e153 and before writing the events up to it (its eventlog ends at e53)',
  )
  expect(family?.explanation).toContain('#1532')
})

test('near-miss: a reload while the leader applied a page, the next leader booting, is not F', () => {
  const stream = replay('family-f-leader-killed-mid-page-0.4.0.jsonl')
  const booted = consoleLines(stream).filter((line) => !line.text.includes('During boot'))
  expect(classifyStall(stream.tmpLines(), { consoles: booted })).toBeUndefined()
})

test('family G on 0.4.0: a tab started while the leader held a page between deleting its rollback rows and applying it', () => {
  const stream = replay('family-g-tab-started-mid-page-0.4.0.jsonl')
  const family = classifyStall(stream.tmpLines(), { consoles: consoleLines(stream) })
  expect(family?.id).toBe('G')
  expect(family?.explanation).toContain("tab 2's store failed to start (“UNIQUE constraint failed: issue.id”)")
  expect(family?.explanation).toContain('#1522')
})

test("near-miss: a tab whose store failed without LiveStore's stale-start error is not G", () => {
  const stream = replay('family-g-tab-started-mid-page-0.4.0.jsonl')
  expect(classifyStall(stream.tmpLines(), { consoles: [] })).toBeUndefined()
})

test("family H on 0.4.0-dev.9: an HTTP client's poll failed once, the leader swallowed it and pulled no more", () => {
  const lines = replay('family-h-http-poll-fails-once-0.4.0-dev.9.jsonl').tmpLines()
  const family = classifyStall(lines)
  expect(family?.id).toBe('H')
  expect(family?.explanation).toContain("the leader's sync failed with InvalidPullError")
  expect(family?.explanation).toContain('#1394')
  expect(finalEvidence(family, { stage: 'leader-confirmed', lines, change: 54 })?.text).toBe(
    '[TMP][leader] pull:ended {"error":"InvalidPullError"}',
  )
  // Before the backend holds the change, its push is still on its way: the window decides.
  expect(finalEvidence(family, { stage: 'backend-received', lines, change: 54 })).toBeUndefined()
})

test('near-miss: a swallowed sync error after which the same leader still gets pull pages is not H', () => {
  const lines = replay('family-h-http-poll-fails-once-0.4.0-dev.9.jsonl').tmpLines()
  const ignored = lines.findIndex((line) => line.name === 'sync:error-ignored')
  const ownPage = lines
    .slice(0, ignored)
    .findLast((line) => line.name === 'pull:page' && line.process === 'leader-worker')
  expect(ownPage).toBeDefined()
  const pagedAfter = [...lines, { ...(ownPage as (typeof lines)[number]), t: (lines.at(-1)?.t ?? 0) + 1 }]
  expect(classifyStall(pagedAfter)?.id).not.toBe('H')
  // Another leader's pages (device B's, over WebSocket) do not rescue A's.
  expect(lines.slice(ignored).some((line) => line.name === 'pull:page' && line.process !== 'leader-worker')).toBe(true)
})

test('family I on 0.4.0: the backend restarted after the replica’s last page; no page reached the replica again', () => {
  const family = classifyStall(replay('family-i-replica-after-backend-eviction-0.4.0.jsonl').tmpLines())
  expect(family?.id).toBe('I')
  expect(family?.explanation).toContain('live updates stop reaching the replica (upstream issue #1415')
  const echo = classifyStall(replay('family-i-replica-push-echo-lost-0.4.0.jsonl').tmpLines())
  expect(echo?.id).toBe('I')
  expect(echo?.explanation).toContain('its next push e55 is refused with ServerAheadError')
  expect(echo?.explanation).toContain('#1462')
})

test('near-miss: a replica that got a page after the restart, or never restarted, is not I', () => {
  const lines = replay('family-i-replica-after-backend-eviction-0.4.0.jsonl').tmpLines()
  const page = lines.findLast((line) => line.name === 'pull:page' && line.process === 'replica')
  expect(page).toBeDefined()
  const pagedAfter = [...lines, { ...(page as (typeof lines)[number]), t: (lines.at(-1)?.t ?? 0) + 1 }]
  expect(classifyStall(pagedAfter)?.id).not.toBe('I')
  expect(classifyStall(replay('replica-live-updates-drained-0.4.0.jsonl').tmpLines())).toBeUndefined()
})

test('a family names a stall only where its mechanism can stop the change', () => {
  const eviction = replay('family-i-replica-after-backend-eviction-0.4.0.jsonl').tmpLines()
  // The replica's forgotten subscription holds back what the replica must hear of, not a tab's own round trip.
  expect(classifyStall(eviction, { stop: { stage: 'peer-received', madeBy: 'page', peers: [REPLICA_PEER] } })?.id).toBe(
    'I',
  )
  expect(classifyStall(eviction, { stop: { stage: 'peer-received', madeBy: 'page', peers: [] } })).toBeUndefined()
  expect(classifyStall(eviction, { stop: { stage: 'store-answering', madeBy: 'page' } })).toBeUndefined()
  expect(classifyStall(eviction, { stop: { stage: 'backend-stored', madeBy: 'page' } })).toBeUndefined()
  const echo = replay('family-i-replica-push-echo-lost-0.4.0.jsonl').tmpLines()
  expect(classifyStall(echo, { stop: { stage: 'backend-stored', madeBy: 'replica' } })?.id).toBe('I')
  // A pull that ended stops a change that waits for a pull, never one the leader has not received.
  const parked = replay('family-h-ws-pull-fails-push-parked-0.4.0.jsonl').tmpLines()
  expect(classifyStall(parked, { stop: { stage: 'backend-received', madeBy: 'page' } })?.id).toBe('H')
  expect(classifyStall(parked, { stop: { stage: 'leader-received', madeBy: 'page' } })).toBeUndefined()
})

test('every stall a cell expects is at a stage its family can stop a change at', () => {
  const table = loadExpectations()
  for (const [scenario, spans] of Object.entries(table))
    for (const span of spans)
      if (span.expect === 'stalls' && span.family !== undefined)
        expect(FAMILY_STAGES[span.family], `${scenario} from ${span.from}`).toContain(span.stage)
})
