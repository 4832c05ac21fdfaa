import { parseSeq } from '../../apps/contract/seq.ts'
import { writerIssueEvents } from '../harness/backend/backlog.ts'
import { armLeaderGate, openLeaderGate } from '../harness/browser/leader-gates.ts'
import { tmpPoint } from '../harness/capture/log-stream.ts'
import { expect, test } from '../harness/test.ts'

// The scenario forces its own race; boot must not race (on 0.4.0-dev.9 the boot race is family A itself).
test.use({ quietBoot: true })

const BARRIER_MS = 10_000

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
}, async ({ expectation, app, backend, store, logs, follow }) => {
  const since = Date.now() - logs.startedAt
  await armLeaderGate(app.page, 'pull', logs)
  const backlogHead = await backend.control.appendEvents(store.id, writerIssueEvents(100, 10_000), 'upstream-writer')
  await logs.waitFor('the leader holding at its pull gate', tmpPoint('leader', 'gate:wait', since), BARRIER_MS)

  await app.selectIssue(7)
  await logs.waitFor('the leader receiving the selection', tmpPoint('leader', 'push:recv', since), BARRIER_MS)
  expect(await openLeaderGate(app.page, 'pull'), 'the leader was waiting at its pull gate').toBe(true)
  await logs.waitFor(
    `the session pushing the selection rebased on top of e${backlogHead}`,
    (line) => {
      const first = parseSeq(String(line.fields?.seqs).split('..')[0] ?? '')
      return tmpPoint('client', 'push->leader', since)(line) && (first?.global ?? 0) >= backlogHead
    },
    BARRIER_MS,
  )

  const change = await app.changePriority(7, 'Urgent')
  expect(await follow(change)).toMeetExpectation(expectation)
})
