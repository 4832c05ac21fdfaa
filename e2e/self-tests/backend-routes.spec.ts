import { connectBackend, expect, type LivestoreTraits, test, tmpLine, withTimeout } from '../harness/test.ts'

/** The sync worker's own guarantees: auth on sync, control routes only for the harness. */

/**
 * A plain HTTP sync request with an auth token, and the status it gets once let through: an HTTP
 * transport request (sync-cf 0.4.0-dev.8 on), or 0.3.1's `/websocket` path, which answers a
 * request without `Upgrade: websocket` with 426 after the payload was checked.
 */
const syncRequest = (traits: LivestoreTraits, base: URL, storeId: string, authToken: string) => {
  const payload = encodeURIComponent(JSON.stringify({ authToken }))
  return traits.rpcTransports
    ? {
        send: () =>
          fetch(new URL(`/sync?storeId=${storeId}&transport=http&payload=${payload}`, base), {
            method: 'POST',
            body: '{}',
          }),
        letThrough: 200,
      }
    : { send: () => fetch(new URL(`/sync/websocket?storeId=${storeId}&payload=${payload}`, base)), letThrough: 426 }
}

test('a sync request with a wrong auth token is refused, the right one is let through', async ({
  backend,
  store,
  traits,
}) => {
  const refused = await syncRequest(traits, backend.url, store.id, 'wrong-token').send()
  expect(refused.status).toBe(400)
  expect(await refused.text()).toContain('invalid sync auth token')
  const accepted = syncRequest(traits, backend.url, store.id, 'insecure-token-change-me')
  expect((await accepted.send()).status).toBe(accepted.letThrough)
})

test("a blackholed store's sync requests hang unanswered until the fault is lifted", async ({
  backend,
  store,
  faults,
  barrier,
  traits,
}) => {
  await faults.set({ refuseConnections: true })
  let answered = false
  const sync = syncRequest(traits, backend.url, store.id, 'insecure-token-change-me')
  const request = sync.send()
  // Whether it was answered early is asserted below; its outcome is awaited there too.
  request.then(() => (answered = true)).catch(() => undefined)
  await barrier('the backend holding the request', tmpLine.backend('fault:refuse-connection'), 5_000)
  expect(answered, 'answered while blackholed').toBe(false)
  await faults.lift()
  const response = await withTimeout(request, 5_000, () => undefined)
  expect(response?.status, 'the answer once the blackhole is lifted').toBe(sync.letThrough)
  await barrier('the hold released', tmpLine.backend('fault:refuse-connection:released'), 5_000)
})

test('control routes refuse requests without the control token', async ({ backend, store }) => {
  const response = await fetch(new URL(`/__harness/stores/${store.id}`, backend.url))
  expect(response.status).toBe(403)
})

test('a store can be read and cleared through the control routes', async ({ backend, store }) => {
  const seeded = await backend.control.readStore(store.id)
  expect(seeded).toMatchObject({ head: store.head, count: store.issueCount })
  expect(seeded.events[0]).toMatchObject({
    seqNum: 1,
    parentSeqNum: 0,
    name: 'v1.CreateIssue',
    clientId: 'harness-seed',
  })
  await backend.control.clearStore(store.id)
  expect(await backend.control.readStore(store.id)).toMatchObject({ head: 0, count: 0 })
})

test('a control body without its route shape is refused, naming the field', async ({ backend, store }) => {
  await expect(backend.control.appendEvents(store.id, [{ name: 7 } as never])).rejects.toThrow(
    /400 malformed body: events\[0\]\.name: Expected string, actual 7/,
  )
  await expect(backend.control.setFaults(store.id, { holdPushes: 'yes' } as never)).rejects.toThrow(
    /400 malformed body: holdPushes: Expected boolean, actual "yes"/,
  )
})

test('a worker reached over HTTP only (--backend-url) gives its [TMP] lines and refuses a wrong token', async ({
  backend,
  store,
}) => {
  await expect(connectBackend(backend.url, 'wrong-token')).rejects.toThrow(/403 missing or wrong x-harness-token/)
  const remote = await connectBackend(backend.url, backend.control.token)
  try {
    const received = new Promise<string>((resolve) => {
      remote.onLine((text) => {
        if (text.includes('push:recv') && text.includes(store.id)) resolve(text)
      })
    })
    await remote.control.appendEvents(store.id, [
      { name: 'v1.UpdateIssuePriority', args: { id: 1, priority: 2, modified: Date.now() } },
    ])
    const line = await withTimeout(received, 5_000, () => 'no push:recv line within 5 s')
    expect(line).toContain(`"seqs":"e${store.head + 1}"`)
  } finally {
    await remote.stop()
  }
})
