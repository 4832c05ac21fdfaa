import { parseSeq } from '../apps/shared/seq.ts'
import { expect, test } from './fixtures.ts'
import { writerIssueEvents } from './harness/backlog-fixture.ts'
import type { CapturedLine } from './harness/log-stream.ts'

// The scenario forces its own race; boot must not race (on 0.4.0-dev.9 the boot race is family A itself).
test.use({ scenario: 'family-A-silent-drop', quietBoot: true })

const after = (since: number, source: string, name: string) => (line: CapturedLine) =>
  line.t >= since && line.source === source && line.name === name

/**
 * Family A: the leader silently drops a push of a newer rebase generation (0.4.0-dev.8/9).
 *
 * Timeline: the store has booted; the leader is at rebase generation 0. Another writer appends a
 * backlog of 300 issues (three live pages). The moment the leader starts on the first page
 * (barrier: the leader's `pull:page`), the user selects an issue: a client-document event, still
 * pending in the session when the backlog's `upstream-advance` reaches it, so the session rebases
 * it to generation 1 and pushes it again, once per page. When it has pushed it on top of the
 * whole backlog (barrier: that rebased `push->leader`), the user changes a priority.
 * 0.4.0-dev.9 keeps only pushes of the leader's own generation: it drops the rebased push without
 * settling it (`dropOldGen`), the session's only push fiber waits on it forever, and the priority
 * change never leaves the session.
 */
test('a client-document change rebased while the leader takes in a backlog, then a priority change', async ({
  expectation,
  app,
  backend,
  store,
  logs,
  follow,
}) => {
  const since = Date.now() - logs.startedAt
  const backlogHead = await backend.control.appendEvents(store.id, writerIssueEvents(300, 10_000), 'upstream-writer')
  await logs.waitFor('leader pull:page of the backlog', after(since, 'leader', 'pull:page'), 10_000)
  await app.selectIssue(7)
  await logs.waitFor(
    `the session pushing the selection rebased on top of e${backlogHead}`,
    (line) => {
      const first = parseSeq(String(line.fields?.seqs).split('..')[0] ?? '')
      return (
        after(since, 'client', 'push->leader')(line) &&
        (first?.rebaseGeneration ?? 0) > 0 &&
        (first?.global ?? 0) >= backlogHead
      )
    },
    10_000,
  )
  const change = await app.changePriority(7, 'Urgent')
  expect(await follow(change, { windowMs: 5_000 })).toMeetExpectation(expectation)
})
