import { BARRIER_MS, bootMayFail, expect, page, test, tmpLine } from '../harness/test.ts'

// The scenario forces its own race; a boot rebase would add pushes of its own.
test.use({ quietBoot: true })

/**
 * Family G: a tab that starts while the leader applies a pulled page cannot start (found by
 * `npm run explore -- --livestore 0.4.0-dev.22 --seed 7`, schedule #19; upstream PR #1522, merged,
 * in no release).
 *
 * Timeline: the store has booted at e53. The leader's `pull-trimmed` gate is armed. Another writer
 * appends 100 issues (e54..e153, one page); the leader takes the page, deletes its rollback rows
 * below e153 and holds at the gate before applying the page (barrier: `gate:wait`). A second tab
 * opens (bounded as a barrier: a tab starts in about 2 s here): its session copies the state
 * (issues up to e53, no rollback row) and so starts at e0. Its store reports (barrier:
 * `store:ready` or `store:error` from tab 2); the gate opens. The leader replays every event since
 * its boot to the new session: e1 creates issue 1 again, and LiveStore fails to start the tab. The
 * user changes issue 2's priority in the first tab.
 */
test('another tab opens while the leader holds a pulled page between dropping its rollback rows and applying it', {
  tag: '@family-G-tab-started-mid-page',
}, async ({ app, gates, writer, barrier, follow, expectation }) => {
  await gates.hold('pull-trimmed', () => writer.createIssues(100))
  const opening = bootMayFail(app.openTab({ timeoutMs: BARRIER_MS }))
  await barrier(
    "the second tab's store started or failed",
    tmpLine.client(['store:ready', 'store:error'], { process: page(2) }),
  )
  await gates.open('pull-trimmed')
  await opening
  const change = await app.changePriority(2, 'Urgent')
  expect(await follow(change)).toMeetExpectation(expectation)
})
