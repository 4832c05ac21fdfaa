import { expect, test, tmpLine } from '../harness/test.ts'

test.use({ quietBoot: true, device: 'http-tab' })
test.skip(
  ({ backend }) => backend.evict === undefined,
  'an eviction needs a backend the harness runs (not --backend-url)',
)

/**
 * The backend's Durable Object evicted between requests, as Cloudflare does with an idle one
 * (workerd's own eviction, not `state.abort()`): its in-memory state goes, its storage stays.
 * Its clients here are HTTP devices: a WebSocket client's live pull stream keeps the instance
 * active in sync-cf 0.4.0 (`faults.evictStore` refuses, naming it).
 *
 * Timeline: the store has booted at e53 on devices A and B, both tabs over HTTP, polling. The
 * backend's instance is evicted once idle (barrier: the harness's `fault:evict:done`). A changes a
 * priority: its push wakes a new instance (barrier: the backend's `do:start`), which must store
 * e54 on its persisted head; B must get it at a poll. The window counts from the wake.
 */
test('the backend evicted between HTTP requests, then a change', {
  tag: '@backend-evicted',
}, async ({ app, faults, barrier, now, follow, expectation }) => {
  await app.openClient({ device: 'http-tab' })
  await faults.evictStore()
  const since = now()
  const change = await app.changePriority(2, 'Urgent')
  await barrier('a request waking a new instance', tmpLine.backend('do:start', { since }))
  expect(await follow(change, { windowFrom: now() })).toMeetExpectation(expectation)
})
