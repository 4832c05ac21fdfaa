import { LinearLiteApp } from '../browser/app-driver.ts'
import { test as base } from './capture.ts'

interface AppTestScope {
  /** Boot without the seed's rebase race: the app sets its UI state only after the initial pull. */
  quietBoot: boolean
  /** The app, opened on the test's seeded store and booted. */
  app: LinearLiteApp
}

export const test = base.extend<AppTestScope>({
  quietBoot: [false, { option: true }],

  app: async ({ page, backend, store, logs, quietBoot, bootTimeoutMs }, use) => {
    const app = new LinearLiteApp(page, backend.url, store.id, logs)
    await app.open({
      expectedHead: store.head,
      expectedIssues: store.issueCount,
      timeoutMs: bootTimeoutMs,
      quietBoot,
      backendGone: backend.exitReason,
    })
    await use(app)
  },
})
