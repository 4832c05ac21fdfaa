import type { Backend } from '../harness/backend/backend.ts'
import { restartBackendProcess } from '../harness/backend/process-restart.ts'
import type { LogStream } from '../harness/capture/log-stream.ts'
import { tmpPoint } from '../harness/capture/log-stream.ts'
import { expect, test } from '../harness/test.ts'

const BARRIER_MS = 10_000

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
const restarts: { what: string; restart: (backend: Backend, storeId: string, logs: LogStream) => Promise<void> }[] = [
  {
    what: 'do',
    restart: async (backend, storeId) => {
      await backend.control.restartStore(storeId)
    },
  },
  { what: 'process', restart: (backend, _storeId, logs) => restartBackendProcess(backend, logs) },
]

for (const { what, restart } of restarts) {
  for (const inFlight of [true, false]) {
    const scenario = `backend-restart-${what}-${inFlight ? 'push-in-flight' : 'idle'}`
    test.describe(() => {
      test.use({ quietBoot: true })
      if (what === 'process')
        test.skip(
          ({ backend }) => backend.restart === undefined,
          'restarting the process needs a backend the harness runs (not --backend-url)',
        )

      test(`the backend ${what === 'do' ? "store's Durable Object" : 'process'} restarts ${inFlight ? 'while it holds a push' : 'while idle'}`, {
        tag: `@${scenario}`,
      }, async ({ app, backend, store, logs, follow, windowMs, expectation }) => {
        const since = Date.now() - logs.startedAt
        if (inFlight) await backend.control.setFaults(store.id, { holdPushes: true })
        else await restart(backend, store.id, logs)
        const change = await app.changePriority(2, 'Urgent')
        if (inFlight) {
          await logs.waitFor('the backend holding the push', tmpPoint('backend', 'fault:hold-push', since), BARRIER_MS)
          await restart(backend, store.id, logs)
          await backend.control.resetFaults()
        }
        const restartedAt = Date.now() - logs.startedAt
        // A reconnect that never comes is part of the stall: the verdict below names it.
        await logs.waitForRecovery(
          'the client reconnecting (a new WebSocket)',
          tmpPoint('backend', 'ws:connect', restartedAt),
          BARRIER_MS,
        )
        const sinceChange = Date.now() - logs.startedAt - change.changedAt
        expect(await follow(change, { windowMs: windowMs + sinceChange })).toMeetExpectation(expectation)
      })
    })
  }
}
