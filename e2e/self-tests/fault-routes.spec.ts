import { assertPortFree, expect, prepareBuilds, restartBackendProcess, startBackend, test } from '../harness/test.ts'

/** Bad fault input is one line naming what is wrong; a fault never lands on a store that does not exist. */
test('faults, drops and restarts for an unknown store are refused in one line', async ({ backend }) => {
  await expect(backend.control.setFaults('no-such-store', { holdPushes: true })).rejects.toThrow(
    'backend control PUT /__harness/stores/no-such-store/faults: 404 no store no-such-store: it holds no events',
  )
  await expect(backend.control.dropSockets('no-such-store')).rejects.toThrow(/404 no store no-such-store/)
  await expect(backend.control.restartStore('no-such-store')).rejects.toThrow(/404 no store no-such-store/)
})

test('a malformed fault body is refused naming the field', async ({ backend, store }) => {
  await expect(backend.control.setFaults(store.id, { delayPushMs: -5 })).rejects.toThrow(
    /400 malformed body: delayPushMs: /,
  )
  await expect(backend.control.dropSockets(store.id, { code: 999 })).rejects.toThrow(/400 malformed body: code: /)
})

test('a drop or restart with no client connected touches no socket and leaves the store intact', async ({
  backend,
  store,
}) => {
  expect(await backend.control.dropSockets(store.id, { code: 1001 })).toEqual({ storeId: store.id, sockets: 0 })
  expect(await backend.control.restartStore(store.id)).toEqual({ storeId: store.id, sockets: 0 })
  expect((await backend.control.readStore(store.id)).head).toBe(store.head)
})

test('a restart of a backend that no longer runs is refused in one line, and its port is free', async ({
  target,
  tracepoints,
  logs,
}) => {
  const { worker, app } = await prepareBuilds(target, { tracepoints })
  const backend = await startBackend({ appDir: app.dir, workerDir: worker.dir, livestore: target, port: 0 })
  await backend.stop()
  await assertPortFree(Number(backend.url.port))
  await expect(restartBackendProcess(backend, logs)).rejects.toThrow(/^no backend to restart: it was stopped$/)
  await expect(restartBackendProcess({ ...backend, restart: undefined }, logs)).rejects.toThrow(
    /^the harness does not run this backend: it cannot restart its process$/,
  )
})

/**
 * An eviction is refused in one line, at once: of a Durable Object that is not running, and of
 * one a WebSocket's live pull stream keeps active (workerd would wait 30 s, then refuse).
 */
test('an eviction of a store not running, or kept active by a live WebSocket pull, is refused in one line', async ({
  app,
  store,
  faults,
}) => {
  expect(app.device).toBe('tab')
  await expect(faults.evictStore()).rejects.toThrow(
    new RegExp(
      `^cannot evict the sync backend of store ${store.id}: 1 live WebSocket pull stream\\(s\\) keep it active`,
    ),
  )
  // With no client left to reconnect, nothing starts a new instance after the reset.
  await app.close()
  await faults.restartStore()
  await expect(faults.evictStore()).rejects.toThrow(
    `cannot evict the sync backend of store ${store.id}: it is not running (never started, or already evicted or hibernated)`,
  )
})

test('a replica command for a store that has no replica is refused in one line', async ({ backend, store, traits }) => {
  test.skip(!traits.cloudflareAdapter, 'the replica needs @livestore/adapter-cloudflare')
  await expect(backend.control.replicaCommit(store.id, { issueId: 2, priority: 1 })).rejects.toThrow(
    `backend control POST /__harness/stores/${store.id}/replica/commit: 404 store ${store.id} has no replica: open one first (app.openReplica())`,
  )
})

test('an eviction of a replica whose store runs is refused in one line, at once', async ({
  app,
  faults,
  store,
  traits,
}) => {
  test.skip(!traits.cloudflareAdapter, 'the replica needs @livestore/adapter-cloudflare')
  await app.openReplica()
  await expect(faults.evictReplica()).rejects.toThrow(
    new RegExp(`^cannot evict the replica of store ${store.id}: its LiveStore store runs in it`),
  )
})
