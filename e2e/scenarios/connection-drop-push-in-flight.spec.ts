import { type DropSocketsBody, expect, test, tmpLine } from '../harness/test.ts'

test.use({ quietBoot: true })

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
const drops: { scenario: string; how: string; drop: DropSocketsBody }[] = [
  { scenario: 'connection-drop-push-in-flight-close', how: 'closed with 1011', drop: { code: 1011 } },
  { scenario: 'connection-drop-push-in-flight-abort', how: 'aborted', drop: { abort: true } },
]

for (const { scenario, how, drop } of drops) {
  test(`the connection is ${how} while the backend holds a push`, { tag: `@${scenario}` }, async ({
    app,
    faults,
    barrier,
    now,
    follow,
    expectation,
  }) => {
    await faults.set({ holdPushes: true })
    const since = now()
    const change = await app.changePriority(2, 'Urgent')
    await barrier('the backend holding the push', tmpLine.backend('fault:hold-push', { since }))
    expect((await faults.dropSockets(drop)).sockets, 'the client had a connection to drop').toBeGreaterThan(0)
    const dropped = now()
    await faults.lift()
    // A reconnect that never comes is part of the stall: the verdict below names it.
    await barrier.recovery(
      'the client reconnecting (a new WebSocket)',
      tmpLine.backend('ws:connect', { since: dropped }),
    )
    expect(await follow(change, { windowFrom: now() })).toMeetExpectation(expectation)
  })
}
