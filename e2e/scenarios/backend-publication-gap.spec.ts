import { tmpPoint } from '../harness/capture/log-stream.ts'
import { expect, test } from '../harness/test.ts'

test.use({ quietBoot: true })

const BARRIER_MS = 10_000

/**
 * The Durable Object's publication gap (sync-cf 0.4.0; fixed upstream by PR #1537, unpublished).
 *
 * Timeline: the store has booted at e53 on two devices, A and B, both connected. The backend is
 * armed to interrupt the next push's broadcast. A changes a priority: its push e54 is stored, the
 * head advances to e54 and the ack goes out, then the broadcast is interrupted before any pull is
 * sent (barrier: `[TMP][backend] fault:interrupt-broadcast`). B then changes a priority: its push
 * (parent e53) is refused with ServerAheadError, and B waits for a pull carrying e54. Upstream
 * reports that pull never comes. The verdict follows B's change, read through B.
 */
test("a push stored but never broadcast, then another device's push", { tag: '@backend-publication-gap' }, async ({
  app,
  backend,
  store,
  logs,
  follow,
  expectation,
}) => {
  const deviceB = await app.openClient()
  await backend.control.setFaults(store.id, { interruptNextBroadcast: true })
  const since = Date.now() - logs.startedAt
  await app.changePriority(2, 'Urgent')
  await logs.waitFor(
    "the backend interrupting the broadcast of A's push",
    tmpPoint('backend', 'fault:interrupt-broadcast', since),
    BARRIER_MS,
  )
  const change = await deviceB.changePriority(3, 'High')
  expect(await follow(change, { app: deviceB })).toMeetExpectation(expectation)
})
