import { expect, test, tmpLine } from '../harness/test.ts'

// The scenario forces its own race; a boot rebase would move the push head before it starts.
test.use({ quietBoot: true })

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
}, async ({ app, gates, writer, barrier, now, follow, expectation }) => {
  await app.bulk.check([3, 5], { shiftLast: true })
  const menu = await app.bulk.openPriorityMenu()

  const since = now()
  await gates.hold('pull', () => writer.createIssues(1))

  const changes = await menu.pick('Urgent')
  expect(changes.map((change) => change.target.args.id)).toEqual([3, 4, 5])
  await barrier(
    'the leader receiving the bulk batch',
    tmpLine.leader('push:recv', { since, fields: { batchSize: changes.length } }),
  )
  await gates.open('pull')

  expect(await follow(changes)).toMeetExpectation(expectation)
})
