import { writerIssueEvents } from '../harness/backend/backlog.ts'
import { tmpPoint } from '../harness/capture/log-stream.ts'
import { traitsOf } from '../harness/livestore/traits.ts'
import { expect, test } from '../harness/test.ts'

/** sync-cf sends pulls in pages of 100 events. */
const BACKLOG_PAGES = 3

test.describe('family B: pull precedence over local pushes', () => {
  test.describe(() => {
    test.use({ quietBoot: true })
    test.skip(
      ({ target }) => !traitsOf(target.version).rpcTransports,
      "splitting a page needs sync-cf's Effect RPC pages (0.4.0-dev.8 on); 0.3.1's pages are plain WebSocket messages",
    )

    /**
     * The permanent form (≤ 0.4.0-dev.22): a pagination whose final page is empty.
     *
     * Timeline: the store has booted. The backend is told to split its next page; another writer
     * appends one issue, whose live page goes out as `MoreUnknown` (the leader closes
     * `localPushesLatch`) followed by an empty `NoMore` page (returns early, never reopens it).
     * Once the leader has taken the empty page (barrier), the user changes a priority: the leader
     * receives the push and, on ≤ 0.4.0-dev.22, never applies it.
     */
    test('a priority change after a pagination whose final page is empty', {
      tag: '@family-B-empty-final-page',
    }, async ({ expectation, app, backend, store, logs, follow }) => {
      const since = Date.now() - logs.startedAt
      await backend.control.setFaults(store.id, { splitNextPage: true })
      await backend.control.appendEvents(store.id, writerIssueEvents(1, 10_000), 'upstream-writer')
      await logs.waitFor(
        'the leader taking the empty final page',
        (line) => tmpPoint('leader', 'pull:page', since)(line) && Number(line.fields?.count) === 0,
        10_000,
      )
      const change = await app.changePriority(7, 'Urgent')
      expect(await follow(change)).toMeetExpectation(expectation)
    })
  })

  test.describe(() => {
    test.use({ quietBoot: true })

    /**
     * The starvation form, from the seed's "Concurrency Analysis": a large upstream backlog
     * arrives in pages while the user changes a priority.
     *
     * Timeline: another writer appends 300 issues (live pages of 100). At the leader's first page
     * (barrier) the user picks a priority. Measured: how long the leader held the push (from its
     * `push:recv` to taking the latch or lock) and how many pull pages it took in meanwhile. The
     * push cannot reach the backend before the leader has pulled the whole backlog (it is rejected
     * and rebased page after page), so the backlog is kept to three pages: enough to starve the
     * push, short enough to drain inside the window on a loaded 2-core machine.
     */
    test(
      'a priority change while an upstream backlog arrives in pages',
      { tag: '@family-B-starvation' },
      async ({ expectation, app, backend, store, logs, follow }, testInfo) => {
        const menu = await app.openPriorityMenu(7)
        const since = Date.now() - logs.startedAt
        await backend.control.appendEvents(store.id, writerIssueEvents(BACKLOG_PAGES * 100, 10_000), 'upstream-writer')
        await logs.waitFor('leader pull:page of the upstream backlog', tmpPoint('leader', 'pull:page', since), 10_000)
        const change = await menu.pick('Urgent')
        const verdict = await follow(change, { windowMs: 15_000 })
        const received = logs.tmpLines().find((line) => tmpPoint('leader', 'push:recv', change.changedAt)(line))
        const applied = logs
          .tmpLines()
          .find(
            (line) => line.source === 'leader' && /^apply:got/.test(line.name) && line.t >= (received?.t ?? Infinity),
          )
        if (received !== undefined && applied !== undefined) {
          const pages = logs
            .tmpLines()
            .filter((line) => tmpPoint('leader', 'pull:page', received.t)(line) && line.t <= applied.t)
          testInfo.annotations.push({
            type: 'metric',
            description: `push waited ${applied.t - received.t} ms behind ${pages.length} pull pages`,
          })
        }
        expect(verdict).toMeetExpectation(expectation)
      },
    )
  })
})
