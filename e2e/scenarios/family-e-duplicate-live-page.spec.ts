import { expect, test, tmpLine } from '../harness/test.ts'

// The scenario forces its own race; a boot rebase would add pushes of its own.
test.use({ quietBoot: true })
test.skip(
  ({ traits }) => !traits.rpcTransports,
  "0.3.1's WebSocket client does not reconnect after its socket closes (see connection-drop-push-in-flight): no pull comes to hold",
)

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
}, async ({ app, store, faults, writer, barrier, now, follow, expectation }) => {
  const first = store.head + 1
  const since = now()
  await faults.set({ holdPulls: true })
  expect((await faults.dropSockets({ code: 1011 })).sockets, 'the client was connected').toBe(1)
  await barrier('the reconnected pull held', tmpLine.backend('fault:hold-pull', { since }))

  await app.changePriority(2, 'Urgent')
  await barrier(
    `the leader applying e${first} from the broadcast`,
    tmpLine.leader('pull:advance', { since, covering: first }),
  )
  const lifted = now()
  await faults.lift()
  await barrier(
    `the first page carrying e${first} again`,
    tmpLine.leader('pull:page', { since: lifted, covering: first }),
  )

  await writer.createIssues(1)
  const second = await app.changePriority(4, 'Low')
  expect(await follow(second)).toMeetExpectation(expectation)
})
