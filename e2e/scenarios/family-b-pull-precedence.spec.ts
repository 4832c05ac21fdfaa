import { expect, test, tmpLine } from '../harness/test.ts'

test.use({ quietBoot: true })

test.describe('family B: pull precedence over local pushes', () => {
  test.describe(() => {
    test.skip(
      ({ traits }) => !traits.rpcTransports,
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
    }, async ({ app, faults, writer, barrier, now, follow, expectation }) => {
      const since = now()
      await faults.set({ splitNextPage: true })
      await writer.createIssues(1)
      await barrier(
        'the leader taking the empty final page',
        tmpLine.leader('pull:page', { since, fields: { count: 0 } }),
      )
      const change = await app.changePriority(7, 'Urgent')
      expect(await follow(change)).toMeetExpectation(expectation)
    })
  })

  /**
   * The starvation form, from the seed's "Concurrency Analysis": a large upstream backlog
   * arrives in pages while the user changes a priority.
   *
   * Timeline: another writer appends 300 issues (sync-cf's live pages hold 100). At the leader's
   * first page (barrier) the user picks a priority. Measured: how long the leader held the push
   * (from its `push:recv` to taking the latch or lock) and how many pull pages it took in
   * meanwhile. The push cannot reach the backend before the leader has pulled the whole backlog
   * (it is rejected and rebased page after page), so the backlog is kept to three pages: enough
   * to starve the push, short enough to drain inside the window on a loaded 2-core machine.
   */
  test(
    'a priority change while an upstream backlog arrives in pages',
    { tag: '@family-B-starvation' },
    async ({ app, writer, barrier, now, logs, follow, expectation }, testInfo) => {
      const menu = await app.openPriorityMenu(7)
      const since = now()
      await writer.createIssues(300)
      await barrier('leader pull:page of the upstream backlog', tmpLine.leader('pull:page', { since }))
      const change = await menu.pick('Urgent')
      const verdict = await follow(change, { windowMs: 15_000 })
      const lines = logs.tmpLines()
      const received = lines.find(tmpLine.leader('push:recv', { since: change.changedAt }))
      const applied = lines.find(
        (line) => line.source === 'leader' && line.name.startsWith('apply:got') && line.t >= (received?.t ?? Infinity),
      )
      if (received !== undefined && applied !== undefined) {
        const pages = lines.filter(
          (line) => tmpLine.leader('pull:page', { since: received.t })(line) && line.t <= applied.t,
        )
        testInfo.annotations.push({
          type: 'metric',
          description: `push waited ${applied.t - received.t} ms behind ${pages.length} pull pages`,
        })
      }
      expect(verdict).toMeetExpectation(expectation)
    },
  )
})
