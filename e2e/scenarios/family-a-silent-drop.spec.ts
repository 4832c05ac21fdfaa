import { expect, test, tmpLine } from '../harness/test.ts'

// The scenario forces its own race; boot must not race (on 0.4.0-dev.9 the boot race is family A itself).
test.use({ quietBoot: true })

/**
 * Family A: the leader silently drops a push of a newer rebase generation (0.4.0-dev.8/9).
 *
 * Timeline: the store has booted; the leader is at rebase generation 0. The leader's pull gate is
 * armed and another writer appends 100 issues: the leader takes the page and holds, latch (or
 * lock) in hand, at the gate (barrier: `gate:wait`). The user selects an issue, a client-document
 * event on the old head; its push reaches the leader and queues behind the pull (barrier: the
 * leader's `push:recv`). The gate opens: the leader applies the backlog first, refuses the
 * selection, and the session, told of the backlog while the selection is pending, rebases it to a
 * new generation and pushes it again (barrier: that `push->leader`). Then the user changes a
 * priority. 0.4.0-dev.9 keeps only pushes of the leader's own generation: it drops the rebased
 * push without settling it (`dropOldGen`), the session's only push fiber waits on it forever,
 * and the priority change never leaves the session.
 */
test('a client-document change rebased under an upstream backlog, then a priority change', {
  tag: '@family-A-silent-drop',
}, async ({ app, gates, writer, barrier, now, follow, expectation }) => {
  const since = now()
  const backlogHead = await gates.hold('pull', () => writer.createIssues(100))

  await app.selectIssue(7)
  await barrier('the leader receiving the selection', tmpLine.leader('push:recv', { since }))
  await gates.open('pull')
  await barrier(
    `the session pushing the selection rebased on top of e${backlogHead}`,
    tmpLine.client('push->leader', { since, covering: backlogHead }),
  )

  const change = await app.changePriority(7, 'Urgent')
  expect(await follow(change)).toMeetExpectation(expectation)
})
