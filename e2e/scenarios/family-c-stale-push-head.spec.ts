import { writerIssueEvents } from '../harness/backend/backlog.ts'
import { armLeaderGate, openLeaderGate } from '../harness/browser/leader-gates.ts'
import { tmpPoint } from '../harness/capture/log-stream.ts'
import { expect, test } from '../harness/test.ts'

// The scenario forces its own race; a boot rebase would move the push head before it starts.
test.use({ quietBoot: true })

const BARRIER_MS = 10_000

/**
 * Family C: the leader's push head runs ahead of what it applied, and is never rolled back.
 *
 * Timeline: the store has booted at e53, nothing pending. The leader's pull gate is armed and
 * another writer appends one issue (e54): the leader takes the page and holds at the gate with the
 * lock (barrier: `gate:wait`). The user checks three issues (a click and a shift-click) and sets
 * their priority with "Set priority…": one commit of three events, e54..e56, pushed to the leader
 * as one batch. The leader accepts it into its queue and moves its push head to e56 (barrier: its
 * `push:recv` of the batch). The gate opens: the leader applies the writer's e54 first, rejects the
 * batch, the session rebases it to e55r1..e57r1 and pushes again; every published version refuses
 * that retry against the stale head e56 (`push:refused`, LeaderAheadError) while it holds nothing
 * of it, so the three changes stay pending in the session.
 */
test('a bulk priority change of three issues while the leader holds a one-event pull', {
  tag: '@family-C-stale-push-head',
}, async ({ expectation, app, backend, store, logs, follow }) => {
  await app.bulk.check([3, 5], { shiftLast: true })
  const menu = await app.bulk.openPriorityMenu()

  const since = Date.now() - logs.startedAt
  await armLeaderGate(app.page, 'pull', logs)
  await backend.control.appendEvents(store.id, writerIssueEvents(1, 10_000), 'upstream-writer')
  await logs.waitFor('the leader holding at its pull gate', tmpPoint('leader', 'gate:wait', since), BARRIER_MS)

  const changes = await menu.pick('Urgent')
  expect(changes.map((change) => change.target.args.id)).toEqual([3, 4, 5])
  await logs.waitFor(
    'the leader receiving the bulk batch',
    (line) => tmpPoint('leader', 'push:recv', since)(line) && line.fields?.batchSize === changes.length,
    BARRIER_MS,
  )
  expect(await openLeaderGate(app.page, 'pull'), 'the leader was waiting at its pull gate').toBe(true)

  const [followed] = changes
  if (followed === undefined) throw new Error('the bulk change committed no event')
  expect(await follow(followed)).toMeetExpectation(expectation)
})
