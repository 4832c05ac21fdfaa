import { expect, test, tmpLine } from '../harness/test.ts'

test.use({ quietBoot: true, device: 'http-tab' })
test.skip(
  ({ backend }) => backend.evict === undefined,
  'an eviction needs a backend the harness runs (not --backend-url)',
)
// Before the first tab boots: the replica needs @livestore/adapter-cloudflare (app.openReplica() would refuse later).
test.skip(({ traits }) => !traits.cloudflareAdapter, 'the replica needs @livestore/adapter-cloudflare (0.4.0 on)')

/**
 * A Cloudflare replica (a LiveStore store inside a Durable Object, live-pulling over DO-RPC)
 * while the backend's Durable Object is evicted, as Cloudflare does with an idle one. In 0.4.0
 * the backend keeps its DO-RPC subscribers in memory only.
 *
 * Timeline, every test: the store has booted at e53 on device A, a tab over HTTP (a WebSocket's
 * live pull would keep the backend from being evicted), and on the store's replica.
 * - "live updates": A changes a priority; the replica must hear of e54. The baseline.
 * - "after an eviction" (#1415; fixed on unpublished main by PRs #1541, #1542, #1545): the
 *   backend's instance is evicted once idle (barrier: `fault:evict:done`); A's change wakes a new
 *   instance (barrier: the backend's `do:start`), which stores e54 and must send it to the replica.
 * - "its push echo lost" (#1462): after the eviction the replica changes a priority: its push
 *   e54 is stored, and its echo must come back on its pull. Then A changes another (e55) and the
 *   replica a third: its push (parent e54) is refused with ServerAheadError and it must pull e55.
 *   The verdict follows the replica's last change.
 */
test('a change reaches the replica (live updates over DO-RPC)', {
  tag: '@replica-live-updates',
}, async ({ app, follow, expectation }) => {
  await app.openReplica()
  const change = await app.changePriority(2, 'Urgent')
  expect(await follow(change)).toMeetExpectation(expectation)
})

test('live updates to a replica after the backend was evicted', {
  tag: '@replica-after-backend-eviction',
}, async ({ app, faults, barrier, now, follow, expectation }) => {
  await app.openReplica()
  await faults.evictStore()
  const since = now()
  const change = await app.changePriority(2, 'Urgent')
  await barrier('a request waking a new instance', tmpLine.backend('do:start', { since }))
  expect(await follow(change, { windowFrom: now() })).toMeetExpectation(expectation)
})

test("a replica's push echo lost across a backend eviction, then its next pushes", {
  tag: '@replica-push-echo-lost',
}, async ({ app, faults, barrier, now, follow, expectation }) => {
  const replica = await app.openReplica()
  await faults.evictStore()
  const since = now()
  await replica.changePriority(2, 'Urgent')
  await barrier("the replica's push stored", tmpLine.backend('push:recv', { since, covering: 54 }))
  await app.changePriority(3, 'High')
  await barrier("A's push stored", tmpLine.backend('push:recv', { since, covering: 55 }))
  const change = await replica.changePriority(4, 'Low')
  expect(await follow(change, { app: replica })).toMeetExpectation(expectation)
})
