import { expect, test } from '@playwright/test'
import { LogStream } from '../harness/capture/log-stream.ts'

const elapsed = async (run: () => Promise<void>) => {
  const startedAt = Date.now()
  await run()
  return Date.now() - startedAt
}

test('a read loop waits for a line of the system under test, not for its own reads', async () => {
  const stream = new LogStream()
  const seen = stream.lines.length
  setTimeout(() => stream.add('backend', 'log', '[TMP][backend] harness:read {"storeId":"t-1"}'), 50)
  setTimeout(() => stream.add('leader-worker', 'debug', '[TMP][leader] pull:page {"count":1}'), 300)
  const ms = await elapsed(() => stream.nextActivity(seen, Date.now() + 5000))
  // The leader's line at 300 ms, then the 100 ms gap; the harness's read at 50 ms did not count.
  expect(ms).toBeGreaterThanOrEqual(390)
  expect(ms).toBeLessThan(900)
})

test('a line logged during the read counts at once', async () => {
  const stream = new LogStream()
  const seen = stream.lines.length
  stream.add('page', 'debug', '[TMP][client] pull:merge:advance {"seqs":"e2"}')
  expect(await elapsed(() => stream.nextActivity(seen, Date.now() + 5000))).toBeLessThan(400)
})

test('a quiet store is read again after a second, and never after the deadline', async () => {
  const stream = new LogStream()
  const quiet = await elapsed(() => stream.nextActivity(stream.lines.length, Date.now() + 5000))
  expect(quiet).toBeGreaterThanOrEqual(990)
  expect(await elapsed(() => stream.nextActivity(stream.lines.length, Date.now() + 200))).toBeLessThan(600)
})
