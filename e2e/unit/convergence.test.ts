import { expect, test } from '@playwright/test'
import type { StoredEvent } from '../../apps/contract/control-routes.ts'
import { LogStream } from '../harness/capture/log-stream.ts'
import { acknowledgedSeqs, backendEntry, compareEventlogs, lostAcknowledged } from '../harness/verdict/convergence.ts'

const stored = (seqNum: number, clientId = 'a'): StoredEvent => ({
  name: 'v1.UpdateIssuePriority',
  args: {},
  seqNum,
  parentSeqNum: seqNum - 1,
  clientId,
  sessionId: 's',
})
const backend = [stored(1), stored(2), stored(3, 'b')].map(backendEntry)

test('equal eventlogs converge', () => {
  expect(compareEventlogs('device 1 tab 1', backend, [...backend])).toBeUndefined()
})

test('a client missing the tail names the first missing event', () => {
  expect(compareEventlogs('device 2 tab 1', backend, backend.slice(0, 1))).toMatchObject({
    index: 1,
    message: 'event #2: device 2 tab 1 lacks e2 v1.UpdateIssuePriority (a) and the 1 after it',
  })
})

test('a read cut off by its bound is not reported as a missing tail', () => {
  expect(compareEventlogs('device 2 tab 1', backend, backend.slice(0, 1), false)?.message).toBe(
    "event #2: device 2 tab 1 gave no e2 v1.UpdateIssuePriority (a) within its read's bound (its first 1 equal the backend's 3)",
  )
})

test('a duplicate or a different writer at the same position is a divergence', () => {
  const duplicated = [backend[0], backend[0], backend[1]].flatMap((entry) => (entry === undefined ? [] : [entry]))
  expect(compareEventlogs('c', backend, duplicated)?.index).toBe(1)
  const otherWriter = backend.map((entry, index) => (index === 2 ? { ...entry, clientId: 'a' } : entry))
  expect(compareEventlogs('c', backend, otherWriter)?.message).toContain('where the backend has e3')
})

test('events beyond the backend head are named', () => {
  const extra = [...backend, { seq: 'e4', name: 'x', clientId: 'a' }]
  expect(compareEventlogs('c', backend, extra)?.message).toBe("event #4: c has e4 x (a) beyond the backend's head")
})

test("an acknowledged event the backend no longer holds is lost; the leader's acks are read from its lines", () => {
  const logs = new LogStream()
  logs.add('leader-worker', 'debug', '[TMP][leader] backend:push:ok {"seqs":"e2..e4"}')
  logs.add('leader-worker', 'debug', '[TMP][leader] backend:push:err {"seqs":"e9"}')
  const acked = acknowledgedSeqs(logs.tmpLines())
  expect(acked).toEqual([2, 3, 4])
  expect(lostAcknowledged(acked, [stored(1), stored(2), stored(3)]).map((lost) => lost.message)).toEqual([
    'the backend acknowledged e4 but no longer holds it',
  ])
})
