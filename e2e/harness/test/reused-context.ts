import { type BrowserContext, test as base } from '@playwright/test'

interface ReusedContextWorkerScope {
  /** The one browser context (device) of the worker's tests: its HTTP and code caches stay warm. */
  reusedContext: BrowserContext
}

/**
 * For runs of many short tests (the explorer's schedules): every test's first device is the
 * worker's one browser context instead of a new one, so a boot compiles no JavaScript or wasm
 * already compiled by an earlier test. Tests stay apart because each boots a store of its own:
 * LiveStore keys its OPFS files, SharedWorker, locks and ids by the store. A test's tabs close
 * when it ends. Playwright's own screenshot and trace are not taken in this context.
 */
export const test = base.extend<object, ReusedContextWorkerScope>({
  reusedContext: [
    async ({ browser }, use) => {
      const context = await browser.newContext()
      await use(context)
      await context.close()
    },
    { scope: 'worker' },
  ],

  context: async ({ reusedContext }, use) => {
    await use(reusedContext)
    await reusedContext.setOffline(false)
    await Promise.all(reusedContext.pages().map((page) => page.close()))
  },
})
