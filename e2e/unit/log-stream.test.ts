import { expect, test } from '@playwright/test'
import { LogStream, tmpPoint } from '../harness/capture/log-stream.ts'

/** Whether a promise has settled once the lines added so far have been handled. */
const settled = async (promise: Promise<void>) => {
  let done = false
  void promise.then(() => {
    done = true
  })
  await new Promise((resolve) => setTimeout(resolve, 150))
  return done
}

test('a read loop waits for a line of the system under test, not for its own reads', async () => {
  const stream = new LogStream()
  const next = stream.nextActivity(stream.lines.length, Date.now() + 5000)
  stream.add('backend', 'log', '[TMP][backend] harness:read {"storeId":"t-1"}')
  stream.add('harness', 'info', '[TMP][harness] step:commit {}')
  expect(await settled(next)).toBe(false)
  stream.add('leader-worker', 'debug', '[TMP][leader] pull:page {"count":1}')
  expect(await settled(next)).toBe(true)
})

test('a line logged during the read counts at once', async () => {
  const stream = new LogStream()
  const seen = stream.lines.length
  stream.add('page', 'debug', '[TMP][client] pull:merge:advance {"seqs":"e2"}')
  expect(await settled(stream.nextActivity(seen, Date.now() + 5000))).toBe(true)
})

test('a quiet store is read again after a second, and never after the deadline', async () => {
  const stream = new LogStream()
  const startedAt = Date.now()
  await stream.nextActivity(stream.lines.length, startedAt + 5000)
  // A timer never fires early: the quiet wait is at least its second.
  expect(Date.now() - startedAt).toBeGreaterThanOrEqual(990)
  expect(await settled(stream.nextActivity(stream.lines.length, Date.now()))).toBe(true)
})

test('a recovery that never comes is recorded and logged, never swallowed; one that comes is not', async () => {
  const stream = new LogStream()
  const reconnect = tmpPoint('backend', 'pull:req')
  expect(await stream.waitForRecovery('the client reconnecting', reconnect, 50)).toBe(false)
  expect(stream.missedRecoveries.map((missed) => missed.description)).toEqual(['the client reconnecting'])
  expect(stream.lines.at(-1)?.text).toBe(
    '[TMP][harness] barrier:missed {"barrier":"the client reconnecting","timeoutMs":50}',
  )
  stream.add('backend', 'log', '[TMP][backend] pull:req {}')
  expect(await stream.waitForRecovery('the client reconnecting again', reconnect, 50)).toBe(true)
  expect(stream.missedRecoveries).toHaveLength(1)
})
