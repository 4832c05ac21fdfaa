import { LinearLiteApp } from '../browser/app-driver.ts'
import type { LogStream } from '../capture/log-stream.ts'
import { step } from '../run/step.ts'
import { type FollowResult, followChange } from '../verdict/follow-change.ts'
import { test as base } from './capture.ts'
import { checkConvergence } from './convergence-check.ts'

/** The boot's own events, followed like a change: `stall` is set when they did not drain within the window. */
export interface BootOutcome {
  stall?: FollowResult
}

interface AppTestScope {
  /** Boot without the seed's rebase race: the app sets its UI state only after the initial pull. */
  quietBoot: boolean
  boot: BootOutcome
  /** The app, opened on the test's seeded store and booted. */
  app: LinearLiteApp
}

/** When the app committed a boot event (its `ui:commit`), on the stream's clock. */
const committedAt = (logs: LogStream, event: string) =>
  logs.tmpLines().find((line) => line.source === 'client' && line.name === 'ui:commit' && line.fields.event === event)
    ?.t ?? Date.now() - logs.startedAt

export const test = base.extend<AppTestScope>({
  quietBoot: [false, { option: true }],

  boot: async ({}, use) => use({}),

  app: async (
    { page, backend, store, logs, sharedWorkers, quietBoot, bootTimeoutMs, windowMs, boot },
    use,
    testInfo,
  ) => {
    const app = new LinearLiteApp(page, backend.url, store.id, logs, 1, {
      count: 1,
      contexts: [],
      clients: ['A'],
      sharedWorkers,
    })
    const pending = await app.open({
      expectedHead: store.head,
      expectedIssues: store.issueCount,
      timeoutMs: bootTimeoutMs,
      quietBoot,
      backendGone: backend.exitReason,
    })
    // The boot commits three client documents (the seed's e0+1..e0+3). On a version with family A
    // they never drain: the oldest still pending is followed within the window, so such a boot is
    // a verdict naming the event, its stage and its family, not a boot timeout.
    const [oldest] = pending
    if (oldest !== undefined) {
      const result = await step(`follow the boot's ${oldest.name} (window ${windowMs} ms)`, () =>
        followChange({
          page,
          control: backend.control,
          storeId: store.id,
          stream: logs,
          target: { event: oldest.name, args: {}, label: `the boot's ${oldest.name}`, clientOnly: true },
          changedAt: committedAt(logs, oldest.name),
          windowMs,
          backendGone: backend.exitReason,
        }),
      )
      if (!result.verdict.ok) boot.stall = result
    }
    await use(app)
    const browser = page.context().browser()
    try {
      // The first tab may have closed (a leader handoff): the tabs still open are checked.
      if (browser !== null) {
        await checkConvergence({ browser, backend, storeId: store.id, logs, testInfo })
      }
    } finally {
      await app.closeClients()
    }
  },
})
