import type { DeviceKind, TabKind } from '../../../apps/contract/device-kind.ts'
import { step } from '../base/step.ts'
import { LinearLiteApp, StoreDidNotBootError } from '../browser/app-driver.ts'
import { tabKind, unsupportedDevice } from '../browser/device-kinds.ts'
import type { LogStream } from '../capture/log-stream.ts'
import { type FollowResult, followChange } from '../verdict/follow-change.ts'
import { test as base } from './capture.ts'
import { checkConvergence } from './convergence-check.ts'

/**
 * The app in the test's first tab, and how its boot went: its own events, followed like a change;
 * `bootStall` when they did not drain within the window (the verdict of every change after it).
 */
type BootedApp = LinearLiteApp & { readonly bootStall?: FollowResult }

interface AppTestScope {
  /** Boot without the seed's rebase race: the app sets its UI state only after the initial pull. */
  quietBoot: boolean
  /** The kind of device the first tab is (`app.openClient({ device })` says it for the others). */
  device: TabKind
  /** The app, opened on the test's seeded store and booted. */
  app: BootedApp
}

/**
 * For a boot a scenario expects to fail on a version with the bug (a reload, another tab): its
 * failure is what the verdict names, not the test's error. Resolves with the tab, if it booted.
 */
export const bootMayFail = <T>(booting: Promise<T>): Promise<T | undefined> =>
  booting.catch((error: unknown) => {
    if (!(error instanceof StoreDidNotBootError)) throw error
    return undefined
  })

/** When the app committed a boot event (its `ui:commit`), on the stream's clock. */
const committedAt = (logs: LogStream, event: string) =>
  logs.tmpLines().find((line) => line.source === 'client' && line.name === 'ui:commit' && line.fields.event === event)
    ?.t ?? Date.now() - logs.startedAt

export const test = base.extend<AppTestScope>({
  quietBoot: [false, { option: true }],
  device: ['tab', { option: true }],

  app: async (
    { page, backend, store, logs, sharedWorkers, quietBoot, device, traits, bootTimeoutMs, windowMs },
    use,
    testInfo,
  ) => {
    const requireDevice = (kind: DeviceKind) => {
      const reason = unsupportedDevice(kind, traits)
      if (reason !== undefined) testInfo.skip(true, reason)
    }
    const first = tabKind(device)
    requireDevice(first)
    const app = new LinearLiteApp(page, backend.url, store.id, logs, 1, {
      count: 1,
      contexts: [],
      clients: ['A'],
      devices: [first],
      requireDevice,
      openReplica: async () => {
        await backend.control.openReplica(store.id)
        return backend.control
      },
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
    const followed =
      oldest === undefined
        ? undefined
        : await step(`follow the boot's ${oldest.name} (window ${windowMs} ms)`, () =>
            followChange({
              readSnapshot: (ms) => app.readSnapshot(ms),
              control: backend.control,
              storeId: store.id,
              stream: logs,
              target: { event: oldest.name, args: {}, label: `the boot's ${oldest.name}`, clientOnly: true },
              changedAt: committedAt(logs, oldest.name),
              windowMs,
              backendGone: backend.exitReason,
            }),
          )
    await use(followed === undefined || followed.verdict.ok ? app : Object.assign(app, { bootStall: followed }))
    const browser = page.context().browser()
    try {
      // The first tab may have closed (a leader handoff): the tabs still open are checked.
      if (browser !== null) {
        await checkConvergence({ browser, backend, storeId: store.id, logs, testInfo, replica: app.replica })
      }
    } finally {
      await app.closeClients()
    }
  },
})
