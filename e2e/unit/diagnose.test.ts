import { expect, test } from '@playwright/test'
import type { SyncSide } from '../../apps/contract/sync-snapshot.ts'
import type { ChangeTarget } from '../harness/browser/change.ts'
import { LogStream } from '../harness/capture/log-stream.ts'
import { diagnose } from '../harness/verdict/diagnose.ts'
import type { Evidence, TimedSnapshot } from '../harness/verdict/stages.ts'

// Fakes of what the harness observes, to prove the verdict goes red at each stage and names it.
const target: ChangeTarget = {
  event: 'v1.UpdateIssuePriority',
  args: { id: 7, priority: 1 },
  label: 'issue 7 priority → Urgent',
}
const change = { seq: 'e54', name: target.event, args: { ...target.args, modified: 1 } }

const side = (localHead: string, upstreamHead: string, pending: SyncSide['pending'] = []): SyncSide => ({
  localHead,
  upstreamHead,
  pending,
})
const snapshot = (t: number, session: SyncSide, leader: SyncSide): TimedSnapshot => ({
  t,
  snapshot: { answered: true, session, leader, online: true },
})

const linesOf = (...texts: string[]) => {
  const stream = new LogStream(0)
  for (const [index, text] of texts.entries()) {
    stream.add(text.includes('[backend]') ? 'backend' : 'page', 'debug', text, 1000 + index)
  }
  return stream.tmpLines()
}

const commitLine = '[TMP][client] ui:commit {"event":"v1.UpdateIssuePriority","issueId":7,"priority":1}'
const backendRecv = '[TMP][backend] push:recv {"storeId":"s","batchSize":1,"seqs":"e54","parent":"e53"}'
const stored = { event: { ...change, seqNum: 54, parentSeqNum: 53, clientId: 'c', sessionId: 's' }, t: 1300 }

const evidence = (partial: Partial<Evidence>): Evidence => ({
  target,
  changedAt: 1000,
  lines: [],
  snapshots: [],
  ...partial,
})

test('a change that made the whole round trip is green', () => {
  const verdict = diagnose(
    evidence({
      lines: linesOf(commitLine, backendRecv),
      snapshots: [
        snapshot(1100, side('e54r1', 'e53+3r1', [change]), side('e54', 'e53', [change])),
        snapshot(1400, side('e54r1', 'e54r1'), side('e54', 'e54')),
      ],
      backend: stored,
    }),
  )
  expect(verdict).toMatchObject({ ok: true, stage: 'drained', seq: 'e54' })
  expect(verdict.stages.filter((stage) => stage.observable).every((stage) => stage.atMs !== undefined)).toBe(true)
})

test('a change the UI never committed is red at "committed", even though nothing is pending', () => {
  const idle = side('e53+3r1', 'e53+3r1')
  const verdict = diagnose(evidence({ snapshots: [snapshot(1100, idle, side('e53', 'e53'))] }))
  expect(verdict).toMatchObject({ ok: false, stage: 'committed' })
  expect(verdict.message).toBe(
    'issue 7 priority → Urgent: the UI never committed it (no [TMP][client] ui:commit) (session pending 0, leader pending 0)',
  )
})

test('a push the backend never acknowledges is red at "backend-stored"', () => {
  const verdict = diagnose(
    evidence({
      lines: linesOf(commitLine, backendRecv),
      snapshots: [snapshot(4000, side('e54r1', 'e53+3r1', [change]), side('e54', 'e53', [change]))],
    }),
  )
  expect(verdict).toMatchObject({ ok: false, stage: 'backend-stored', seq: 'e54' })
  expect(verdict.message).toBe(
    'the backend received push e54 but the backend never stored or acknowledged it (session pending 1, leader pending 1)',
  )
})

test("with leader tracepoints, the seed's stall reads: received push e54 but never advanced it", () => {
  const verdict = diagnose(
    evidence({
      lines: linesOf(commitLine, '[TMP][leader] push:recv {"batchSize":1,"first":"e54","last":"e54"}'),
      snapshots: [snapshot(4000, side('e54', 'e53+4r1', [change]), side('e53+4r1', 'e53'))],
    }),
  )
  expect(verdict).toMatchObject({ ok: false, stage: 'leader-advanced', seq: 'e54' })
  expect(verdict.message).toMatch(/^the leader received push e54 but the leader never advanced it/)
})

test('without leader tracepoints, "received" is never claimed', () => {
  const verdict = diagnose(
    evidence({
      lines: linesOf(commitLine),
      snapshots: [snapshot(4000, side('e54', 'e53+4r1', [change]), side('e53+4r1', 'e53'))],
    }),
  )
  expect(verdict.stage).toBe('leader-advanced')
  expect(verdict.message).toMatch(/^the UI committed issue 7 priority → Urgent but the leader never advanced it/)
})

test('a stored event that never comes back to the session is red at "session-confirmed"', () => {
  const verdict = diagnose(
    evidence({
      lines: linesOf(commitLine, backendRecv),
      snapshots: [snapshot(4000, side('e54r1', 'e53+3r1', [change]), side('e54', 'e54'))],
      backend: stored,
    }),
  )
  expect(verdict).toMatchObject({ ok: false, stage: 'session-confirmed' })
  expect(verdict.message).toMatch(
    /^a pull brought e54 back to the leader but no pull carrying it reached the client session/,
  )
})

test('a probe that stops answering is reported with the verdict', () => {
  const verdict = diagnose(
    evidence({
      lines: linesOf(commitLine),
      snapshots: [
        { t: 4000, snapshot: { answered: false, reason: '_dev.syncStates() did not answer within 1000 ms' } },
      ],
    }),
  )
  expect(verdict.ok).toBe(false)
  expect(verdict.probe).toBe('_dev.syncStates() did not answer within 1000 ms')
  expect(verdict.message).toContain('did not answer')
})

test("with another client, a round trip is complete only once a pull carried the event to that client's leader", () => {
  const peerPage = (seqs: string) =>
    `[TMP][leader] pull:page {"count":1,"seqs":"${seqs}","pageInfo":"NoMore","remaining":0}`
  const drainedWith = (peerLine: string) => {
    const stream = new LogStream(0)
    stream.add('page', 'debug', commitLine, 1000)
    stream.add('backend', 'debug', backendRecv, 1001)
    stream.add('leader-worker#2', 'debug', peerLine, 1200)
    return diagnose(
      evidence({
        lines: stream.tmpLines(),
        snapshots: [snapshot(1400, side('e54r1', 'e54r1'), side('e54', 'e54'))],
        backend: stored,
        peers: [{ name: 'B', leaders: ['leader-worker#2'] }],
      }),
    )
  }
  expect(drainedWith(peerPage('e54'))).toMatchObject({ ok: true, stage: 'drained' })
  const missed = drainedWith(peerPage('e53'))
  expect(missed).toMatchObject({ ok: false, stage: 'peer-received' })
  expect(missed.message).toMatch(/: e54 drained but no pull carrying it reached client B \(/)
})

test("a session that confirmed while its leader still waits for the backend's pull is red at leader-confirmed", () => {
  // 0.4.0's session takes the leader's own advance as upstream: its confirmation does not imply the leader's.
  const verdict = diagnose(
    evidence({
      lines: linesOf(commitLine, backendRecv),
      snapshots: [
        snapshot(1100, side('e54', 'e53', [change]), side('e54', 'e53', [change])),
        snapshot(1400, side('e54', 'e54'), side('e54', 'e53', [change])),
      ],
      backend: stored,
    }),
  )
  expect(verdict).toMatchObject({ ok: false, stage: 'leader-confirmed' })
  expect(verdict.stages.find((stage) => stage.id === 'session-confirmed')?.atMs).toBe(400)
})

test('a mechanism that cannot stop the change where it stopped is told as a lead, not named as the family', () => {
  const verdict = diagnose(
    evidence({
      lines: linesOf(
        commitLine,
        '[TMP][leader] push:recv {"batchSize":1,"first":"e54","last":"e54"}',
        '[TMP][leader] sync:error-ignored {"error":"MaterializeError"}',
      ),
      snapshots: [snapshot(4000, side('e54', 'e53+4r1', [change]), side('e53+4r1', 'e53'))],
    }),
  )
  expect(verdict).toMatchObject({ ok: false, stage: 'leader-advanced' })
  expect(verdict.family).toBeUndefined()
  expect(verdict.message).toContain(
    "unclassified: the lines show family H's mechanism, which does not stop a change at leader-advanced (family H, pull ended on an error: the leader's sync failed with MaterializeError",
  )
})
