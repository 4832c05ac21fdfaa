import { writerIssueEvents } from '../harness/backend/backlog.ts'
import { StoreDidNotBootError } from '../harness/browser/app-driver.ts'
import { armLeaderGate, openLeaderGate } from '../harness/browser/leader-gates.ts'
import { tmpPoint } from '../harness/capture/log-stream.ts'
import { expect, test } from '../harness/test.ts'

// The scenario forces its own race; a boot rebase would add pushes of its own.
test.use({ quietBoot: true })

/** Also the second tab's bound: a tab starts in about 2 s here. */
const BARRIER_MS = 10_000

/**
 * Family G: a tab that starts while the leader applies a pulled page cannot start (found by
 * `npm run explore -- --livestore 0.4.0-dev.22 --seed 7`, schedule #19; upstream PR #1522, merged,
 * in no release).
 *
 * Timeline: the store has booted at e53. The leader's `pull-trimmed` gate is armed. Another writer
 * appends 100 issues (e54..e153, one page); the leader takes the page, deletes its rollback rows
 * below e153 and holds at the gate before applying the page (barrier: `gate:wait`). A second tab
 * opens: its session copies the state (issues up to e53, no rollback row) and so starts at e0. Its
 * store reports (barrier: `store:ready` or `store:error` from tab 2); the gate opens. The leader
 * replays every event since its boot to the new session: e1 creates issue 1 again, and LiveStore
 * fails to start the tab. The user changes issue 2's priority in the first tab.
 */
test('another tab opens while the leader holds a pulled page between dropping its rollback rows and applying it', {
  tag: '@family-G-tab-started-mid-page',
}, async ({ expectation, app, backend, store, logs, follow }) => {
  await armLeaderGate(app.page, 'pull-trimmed', logs)
  const since = Date.now() - logs.startedAt
  await backend.control.appendEvents(store.id, writerIssueEvents(100, 10_000), 'upstream-writer')
  await logs.waitFor(
    'the leader holding the page at pull-trimmed',
    (line) => tmpPoint('leader', 'gate:wait', since)(line) && line.fields?.name === 'pull-trimmed',
    BARRIER_MS,
  )
  // The second tab's start is the step that fails on a version with the bug: the verdict says why.
  const opening = app.openTab({ timeoutMs: BARRIER_MS }).catch((error: unknown) => {
    if (!(error instanceof StoreDidNotBootError)) throw error
  })
  await logs.waitFor(
    "the second tab's store started or failed",
    (line) => line.process === 'page#2' && (line.name === 'store:ready' || line.name === 'store:error'),
    BARRIER_MS,
  )
  await openLeaderGate(app.page, 'pull-trimmed')
  await opening
  const change = await app.changePriority(2, 'Urgent')
  expect(await follow(change)).toMeetExpectation(expectation)
})
