import type { DropSocketsBody, FaultResult, StoreFaults } from '../../../apps/contract/control-routes.ts'
import { deployBackend, evictObject, restartBackendProcess } from '../backend/lifecycle.ts'
import type { LinearLiteApp } from '../browser/app-driver.ts'
import { setDeviceOffline } from '../browser/offline.ts'
import { test as base } from './capture.ts'

/** What can go wrong around the test's store, each a call (docs/faults.md). The test's end lifts them all. */
export interface Faults {
  /** Arms faults in the store's Durable Object (holds, a split page, a failing broadcast), replacing those set before. */
  set(faults: StoreFaults): Promise<void>
  /** Lifts the store's faults (a request to its Durable Object): held requests go on. */
  lift(): Promise<void>
  /** Removes every fault of the backend without a request to any store (one just restarted stays untouched). */
  reset(): Promise<void>
  /** Closes the store's WebSockets from the server side (a close code, or an abort); how many there were. */
  dropSockets(how?: DropSocketsBody): Promise<FaultResult>
  /** Resets the store's Durable Object; its storage survives. */
  restartStore(): Promise<FaultResult>
  /** Stops workerd and starts it again on the same port and state, pages left open. */
  restartBackend(): Promise<void>
  /** A deploy: workerd restarted on new worker code while the pages' streams are open (they break, code 1006). */
  deploy(): Promise<void>
  /**
   * Evicts the store's Durable Object once it is idle; its storage stays. `hibernate` (the
   * default) is hibernation: its WebSockets stay open and the next message wakes a new instance.
   * `close` breaks them (no close frame). Refused in one line when it is not running.
   */
  evictStore(how?: { webSockets: 'hibernate' | 'close' }): Promise<void>
  /** Evicts the store's replica's Durable Object once it is idle: its store goes from memory, its storage stays; the next command or sync update boots it again. */
  evictReplica(): Promise<void>
  /** Takes the tabs' devices offline (Playwright's `setOffline`: open sockets are held, not closed). */
  offline(...tabs: LinearLiteApp[]): Promise<void>
  /** Brings the tabs' devices back online. */
  online(...tabs: LinearLiteApp[]): Promise<void>
}

export const test = base.extend<{ faults: Faults }>({
  faults: async ({ backend, store, logs }, use) => {
    const { control } = backend
    // Device 1 is client A, the test's own browser context.
    const setOffline = async (offline: boolean, tabs: LinearLiteApp[]) => {
      await Promise.all(
        tabs.map((tab) =>
          setDeviceOffline(tab.page.context(), offline, logs, { device: tab.client.charCodeAt(0) - 64 }),
        ),
      )
    }
    await use({
      set: (faults) => control.setFaults(store.id, faults),
      lift: () => control.setFaults(store.id, {}),
      reset: () => control.resetFaults(),
      dropSockets: (how) => control.dropSockets(store.id, how),
      restartStore: () => control.restartStore(store.id),
      restartBackend: () => restartBackendProcess(backend, logs),
      deploy: () => deployBackend(backend, logs),
      evictStore: (how) => evictObject(backend, logs, 'backend', store.id, how?.webSockets ?? 'hibernate'),
      evictReplica: () => evictObject(backend, logs, 'replica', store.id, 'hibernate'),
      offline: (...tabs) => setOffline(true, tabs),
      online: (...tabs) => setOffline(false, tabs),
    })
  },
})
