import type { DropSocketsBody } from '../../apps/contract/control-routes.ts'
import { tmpPoint } from '../harness/capture/log-stream.ts'
import { expect, test } from '../harness/test.ts'

const BARRIER_MS = 10_000

/**
 * The server drops the connection while a push is in flight (upstream issue #1365: the sync-cf
 * WebSocket client deadlocks after the server connection drops, the push fiber never retrying).
 *
 * Timeline: the store has booted at e53. The backend holds pushes. The user changes a priority;
 * the backend receives e54 and holds it (barrier: `fault:hold-push`). The backend drops the store's
 * WebSockets, one way per cell: closes them with code 1011 (the held push then completes and is
 * stored, its ack written to a closed socket), or aborts them by resetting the Durable Object (the
 * held push dies unstored; the client must push again). The hold is lifted. The client should
 * reconnect (barrier, bounded: the backend's next `ws:connect`) and the change drain; the window
 * counts from the reconnect, or from the end of that wait when none came.
 */
const drops: { scenario: string; how: string; body: DropSocketsBody }[] = [
  { scenario: 'connection-drop-push-in-flight-close', how: 'closed with 1011', body: { code: 1011 } },
  { scenario: 'connection-drop-push-in-flight-abort', how: 'aborted', body: { abort: true } },
]

for (const { scenario, how, body } of drops) {
  test.describe(() => {
    test.use({ quietBoot: true })

    test(`the connection is ${how} while the backend holds a push`, { tag: `@${scenario}` }, async ({
      app,
      backend,
      store,
      logs,
      follow,
      windowMs,
      expectation,
    }) => {
      await backend.control.setFaults(store.id, { holdPushes: true })
      const since = Date.now() - logs.startedAt
      const change = await app.changePriority(2, 'Urgent')
      await logs.waitFor('the backend holding the push', tmpPoint('backend', 'fault:hold-push', since), BARRIER_MS)
      const dropped = await backend.control.dropSockets(store.id, body)
      expect(dropped.sockets, 'the client had a connection to drop').toBeGreaterThan(0)
      const droppedAt = Date.now() - logs.startedAt
      await backend.control.setFaults(store.id, {})
      // A reconnect that never comes is part of the stall: the verdict below names it.
      await logs.waitForRecovery(
        'the client reconnecting (a new WebSocket)',
        tmpPoint('backend', 'ws:connect', droppedAt),
        BARRIER_MS,
      )
      const sinceChange = Date.now() - logs.startedAt - change.changedAt
      expect(await follow(change, { windowMs: windowMs + sinceChange })).toMeetExpectation(expectation)
    })
  })
}
