import { BARRIER_MS, bootMayFail, expect, test, tmpLine } from '../harness/test.ts'

// The scenario forces its own race; a boot rebase would add pushes of its own.
test.use({ quietBoot: true })

/**
 * Family F: a leader killed while it applies a pulled page never boots again (found by
 * `npm run explore -- --seed 1` on 0.4.0, schedule #3; upstream issues #1532 and #409, open PR #1583).
 *
 * Timeline: the store has booted at e53. Another writer appends 100 issues (e54..e153, one page).
 * The leader takes the page: it saves its new backend head, e153, in a commit of its own and logs
 * `pull:advance` (barrier), then writes the events in a later transaction. The page reloads at once
 * (bounded as a barrier: a reload boots again in about 1 s here): the old leader dies between the
 * two. The reloaded tab's leader refuses to boot ("the backend head should never be greater than
 * the local head"), the SharedWorker only logs it, and no sync request of the tab is answered
 * again. The user changes issue 2's priority: no leader ever receives it.
 */
test('another writer appends a page of issues and the page reloads while the leader applies it', {
  tag: '@family-F-leader-killed-mid-page',
}, async ({ app, writer, barrier, now, follow, expectation }) => {
  const since = now()
  const head = await writer.createIssues(100)
  await barrier(`the leader advancing to e${head}`, tmpLine.leader('pull:advance', { since, covering: head }))
  await bootMayFail(app.reload(BARRIER_MS))
  const change = await app.changePriority(2, 'Urgent')
  expect(await follow(change)).toMeetExpectation(expectation)
})
