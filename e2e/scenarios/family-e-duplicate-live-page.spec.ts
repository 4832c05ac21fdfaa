import { writerIssueEvents } from '../harness/backend/backlog.ts'
import { tmpPoint } from '../harness/capture/log-stream.ts'
import { traitsOf } from '../harness/livestore/traits.ts'
import { expect, test } from '../harness/test.ts'
import { tmpPointCovering } from '../harness/verdict/stages.ts'

// The scenario forces its own race; a boot rebase would add pushes of its own.
test.use({ quietBoot: true })
test.skip(
  ({ target }) => !traitsOf(target.version).rpcTransports,
  "0.3.1's WebSocket client does not reconnect after its socket closes (see connection-drop-push-in-flight): no pull comes to hold",
)

const BARRIER_MS = 10_000

/**
 * Family E: a pull page the leader already has ends its pull (found by `npm run explore -- --seed 1`
 * on 0.4.0, schedule #0; upstream issues #283 and #1462, open PR #1576).
 *
 * Timeline: the store has booted at e53. The backend holds pulls and closes the store's WebSockets
 * (1011): the client reconnects, and its pull request is registered, then held before its first
 * page is read (barrier: `fault:hold-pull`). The user changes issue 2's priority: the leader pushes
 * e54, the backend stores it and broadcasts it to the registered pull, and the leader applies it
 * (barrier: the leader's `pull:advance` of e54). The hold is lifted: the first page carries e54
 * again (barrier: the leader's `pull:page` of it). Another writer appends an issue (e55), and the
 * user changes issue 4's priority: pushed on e54, refused (the backend is at e55), it needs a pull
 * to bring e55 first. On 0.4.0 the duplicate page ended the leader's pull without an error: no
 * page comes again and the second change stays pending.
 */
test("a pull page carrying an event the leader applied from the live broadcast, then another writer's issue", {
  tag: '@family-E-duplicate-live-page',
}, async ({ expectation, app, backend, store, logs, follow }) => {
  const first = store.head + 1
  const leaderHas = (name: string, since: number) => tmpPointCovering('leader', name, first, since)

  const since = Date.now() - logs.startedAt
  await backend.control.setFaults(store.id, { holdPulls: true })
  expect((await backend.control.dropSockets(store.id, { code: 1011 })).sockets, 'the client was connected').toBe(1)
  await logs.waitFor('the reconnected pull held', tmpPoint('backend', 'fault:hold-pull', since), BARRIER_MS)

  await app.changePriority(2, 'Urgent')
  await logs.waitFor(`the leader applying e${first} from the broadcast`, leaderHas('pull:advance', since), BARRIER_MS)
  const lifted = Date.now() - logs.startedAt
  await backend.control.setFaults(store.id, {})
  await logs.waitFor(`the first page carrying e${first} again`, leaderHas('pull:page', lifted), BARRIER_MS)

  await backend.control.appendEvents(store.id, writerIssueEvents(1, 10_000), 'upstream-writer')
  const second = await app.changePriority(4, 'Low')
  expect(await follow(second)).toMeetExpectation(expectation)
})
