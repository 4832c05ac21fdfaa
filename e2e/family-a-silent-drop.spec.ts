import { expect, test } from './fixtures.ts'
import { writerIssueEvents } from './harness/backlog-fixture.ts'

test.use({ scenario: 'family-A-silent-drop' })

/**
 * Family A: the leader silently drops a push of a newer rebase generation (0.4.0-dev.8/9).
 *
 * Timeline: the store has booted; the leader is at rebase generation 0. Another writer appends a
 * backlog of 300 issues. The moment the leader starts on its first page (barrier: the leader's
 * `pull:page`), the user picks a priority. The leader is busy with the backlog, so the session
 * hears of it (`upstream-advance`) while the change is still pending: it rebases the change to a
 * new generation and pushes it again. 0.4.0-dev.9 keeps only pushes of the leader's own
 * generation and drops this one without settling it (`dropOldGen`): the push never returns.
 */
test('a priority change made while the leader takes in an upstream backlog', async ({
  expectation,
  app,
  backend,
  store,
  logs,
  follow,
}) => {
  const menu = await app.openPriorityMenu(7)
  const since = Date.now() - logs.startedAt
  await backend.control.appendEvents(store.id, writerIssueEvents(300, 10_000), 'upstream-writer')
  await logs.waitFor(
    'leader pull:page of the upstream backlog',
    (line) =>
      line.source === 'leader' && line.name === 'pull:page' && line.t >= since && Number(line.fields?.count) > 0,
    10_000,
  )
  const change = await menu.pick('Urgent')
  expect(await follow(change, { windowMs: 5_000 })).toMeetExpectation(expectation)
})
