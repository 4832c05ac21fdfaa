import { DevicePool } from '../browser/devices.ts'
import { test as base } from './servers.ts'

interface DevicesWorkerScope {
  /** The worker's devices (browsers on profiles of their own), lent to its tests. */
  devicePool: DevicePool
}

/** Every test's first device (Playwright's `context`, so its `page`) comes from the worker's pool. */
export const test = base.extend<object, DevicesWorkerScope>({
  devicePool: [
    async ({ playwright, launchOptions, headless }, use) => {
      const pool = await DevicePool.create((profileDir) =>
        playwright.chromium.launchPersistentContext(profileDir, { ...launchOptions, headless }),
      )
      await use(pool)
      await pool.close()
    },
    { scope: 'worker' },
  ],

  context: async ({ devicePool }, use) => {
    const device = await devicePool.take()
    await use(device)
    await devicePool.give(device)
  },
})
