import { expect, test, tmpLine } from '../harness/test.ts'

// The scenario forces its own race; a boot rebase would add pushes of its own.
test.use({ quietBoot: true })

/**
 * A bulk change overtaken by another writer's issue on its way into the leader: the order in which
 * it drains (the leader still taking the issue in is family C, family-C-stale-push-head).
 *
 * Timeline: the store has booted at e53, nothing pending. The leader's push gate is armed. The user
 * checks issues 3 to 5 (a click and a shift-click) and sets their status with "Set status…": one
 * commit of three events, e54..e56, pushed to the leader as one batch, which holds it at the gate
 * before taking it in (barrier: `gate:wait`). Another writer appends an issue, e54: the leader
 * pulls and applies it and lets local pushes in again (barrier: `latch:openLocalPushes`, or
 * `pull:releaseLock` from 0.4.0-dev.23 on). The session, told of e54, rebases the batch onto it
 * and pushes it again (barrier: that `push->leader`, covering e55). The gate opens: the leader
 * refuses the stale batch (`push:refused`, LeaderAheadError) and takes the rebased one up to the
 * backend as e55..e57.
 */
test("a bulk status change that reaches the leader after another writer's issue", {
  tag: '@bulk-status-overtaken-by-pull',
}, async ({ app, gates, writer, barrier, now, follow, expectation }) => {
  await app.bulk.check([3, 5], { shiftLast: true })
  const changes = await gates.hold('push', () => app.bulk.setStatus('Done'))
  const since = now()
  const head = await writer.createIssues(1)
  await barrier(
    `the leader done with e${head}`,
    tmpLine.leader(['latch:openLocalPushes', 'pull:releaseLock'], { since }),
  )
  await barrier(
    `the session pushing the batch rebased onto e${head}`,
    tmpLine.client('push->leader', { since, covering: head + 1 }),
  )
  await gates.open('push')
  expect(await follow(changes)).toMeetExpectation(expectation)
})
