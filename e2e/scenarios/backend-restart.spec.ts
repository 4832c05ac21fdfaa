import { expect, type Faults, test, tmpLine } from '../harness/test.ts'

test.use({ quietBoot: true })

/**
 * The backend restarts under an open page: the store's Durable Object (reset; its SQLite storage
 * survives), or the whole backend process (workerd stopped and started again on the same port,
 * its state persisted in a temporary folder).
 *
 * Timeline, "push in flight": the store has booted at e53; the backend holds pushes; the user
 * changes a priority and the backend holds e54 (barrier: `fault:hold-push`); the backend restarts
 * (the held push dies unstored); the hold is lifted. Timeline, "idle": the backend restarts with
 * nothing in flight, then the user changes a priority. Either way the client must reconnect
 * (barrier, bounded: the backend's next `ws:connect`), push again, and drain; nothing the backend
 * acknowledged may be lost (the convergence check). The window counts from the reconnect.
 */
const restarts = [
  { what: 'do', title: "store's Durable Object", restart: (faults: Faults) => faults.restartStore() },
  { what: 'process', title: 'process', restart: (faults: Faults) => faults.restartBackend() },
]

for (const { what, title, restart } of restarts) {
  test.describe(() => {
    if (what === 'process')
      test.skip(
        ({ backend }) => backend.restart === undefined,
        'restarting the process needs a backend the harness runs (not --backend-url)',
      )

    for (const inFlight of [true, false]) {
      test(`the backend ${title} restarts ${inFlight ? 'while it holds a push' : 'while idle'}`, {
        tag: `@backend-restart-${what}-${inFlight ? 'push-in-flight' : 'idle'}`,
      }, async ({ app, faults, barrier, now, follow, expectation }) => {
        const since = now()
        if (inFlight) await faults.set({ holdPushes: true })
        else await restart(faults)
        const change = await app.changePriority(2, 'Urgent')
        if (inFlight) {
          await barrier('the backend holding the push', tmpLine.backend('fault:hold-push', { since }))
          await restart(faults)
          await faults.reset()
        }
        // From before the restart: idle, the client can reconnect while the user is still clicking.
        // A reconnect that never comes is part of the stall: the verdict below names it.
        await barrier.recovery('the client reconnecting (a new WebSocket)', tmpLine.backend('ws:connect', { since }))
        expect(await follow(change, { windowFrom: now() })).toMeetExpectation(expectation)
      })
    }
  })
}
