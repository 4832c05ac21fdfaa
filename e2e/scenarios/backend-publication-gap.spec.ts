import { expect, test, tmpLine } from '../harness/test.ts'

test.use({ quietBoot: true })

/**
 * The Durable Object's publication gap, as production meets it (sync-cf 0.4.0; closed upstream by
 * PR #1537, unpublished): a push request interrupted between its commit and its broadcast.
 *
 * Timeline: the store has booted at e53 on two devices, A and B, both connected. The backend is
 * armed to hold the next push right after its commit. A changes a priority: its push e54 is
 * stored and the head advanced, and the request is held there, before it publishes anything
 * (barrier: `[TMP][backend] fault:hold-after-commit`). A's connection goes: the backend closes A's
 * socket, and its close interrupts A's requests (barrier: `[TMP][backend] ws:close`). The hold is
 * lifted. In 0.4.0 the interrupted request never forks its broadcast; with #1537 the commit and
 * the publication are one uninterruptible step, and B hears of e54. Then B changes a priority:
 * without e54 its push (parent e53) is refused with ServerAheadError, and B waits for a pull that
 * never comes. The verdict follows B's change.
 */
test("a push request interrupted after its commit, then another device's push", {
  tag: '@backend-publication-gap',
}, async ({ app, traits, faults, barrier, now, follow, expectation }) => {
  test.skip(!traits.rpcTransports, 'the commit hold arms on RPC push requests (sync-cf 0.4.0-dev.8 on)')
  const deviceB = await app.openClient()
  await faults.set({ holdAfterCommit: true })
  const since = now()
  await app.changePriority(2, 'Urgent')
  await barrier("A's push held after its commit", tmpLine.backend('fault:hold-after-commit', { since }))
  await faults.dropSockets({ heldPusher: true, code: 1001 })
  await barrier("the backend closing A's connection", tmpLine.backend('ws:close', { since }))
  await faults.lift()
  const change = await deviceB.changePriority(3, 'High')
  expect(await follow(change, { app: deviceB })).toMeetExpectation(expectation)
})
