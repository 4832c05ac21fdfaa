import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext } from '@playwright/test'
import { SharedWorkerCapture } from '../capture/console-capture.ts'
import type { LogStream } from '../capture/log-stream.ts'

/** Starts a device: a browser on a profile of its own in `profileDir`. */
export type LaunchDevice = (profileDir: string) => Promise<BrowserContext>

/**
 * The devices of one Playwright worker, each a Chromium on a profile of its own on disk, launched
 * once and lent to test after test. On disk, as a user's browser is: in an incognito context
 * (`browser.newContext()`) OPFS lives in the browser process, so every SQLite write of a leader is
 * a round trip to it; a boot took about 0.6 s longer there (measured on priority-change).
 * Tests stay apart because each boots a store of its own: LiveStore keys its OPFS files,
 * SharedWorker, locks and ids by the store.
 */
export class DevicePool {
  private readonly idle: BrowserContext[] = []
  private readonly launched: BrowserContext[] = []

  private constructor(
    private readonly root: string,
    private readonly launch: LaunchDevice,
  ) {}

  static async create(launch: LaunchDevice): Promise<DevicePool> {
    return new DevicePool(await mkdtemp(join(tmpdir(), 'harness-devices-')), launch)
  }

  /** A device with no page open, online. */
  async take(): Promise<BrowserContext> {
    const idle = this.idle.pop()
    if (idle !== undefined) return idle
    const device = await this.launch(join(this.root, `device-${this.launched.length + 1}`))
    this.launched.push(device)
    // A profile opens on a blank page of its own.
    await Promise.all(device.pages().map((page) => page.close()))
    return device
  }

  /** Takes a device back for the next test: its pages closed, online; one whose browser died is dropped. */
  async give(device: BrowserContext): Promise<void> {
    const healthy = await Promise.all([
      device.setOffline(false),
      ...device.pages().map((page) => page.close({ runBeforeUnload: false })),
    ]).then(
      () => device.browser()?.isConnected() !== false,
      () => false,
    )
    if (healthy) this.idle.push(device)
    else await device.close().catch(() => undefined)
  }

  async close(): Promise<void> {
    await Promise.all(this.launched.map((device) => device.close().catch(() => undefined)))
    await rm(this.root, { recursive: true, force: true })
  }
}

const browserOf = (device: BrowserContext) => {
  const browser = device.browser()
  if (browser === null) throw new Error('a device without its browser')
  return browser
}

/** The test's bounds for actions and navigations (Playwright's options), set on every device it uses. */
export interface DeviceTimeouts {
  actionMs: number
  navigationMs: number
}

/** The test's bounds for actions and navigations (Playwright's options), set on every device it uses. */
export interface DeviceTimeouts {
  actionMs: number
  navigationMs: number
}

/**
 * The devices one test uses: its own first, then each `openClient` takes one from the pool; every
 * device's SharedWorkers' consoles go into the test's stream. `giveBack` returns those it took.
 */
export class TestDevices {
  private readonly captures = new Map<BrowserContext, SharedWorkerCapture>()

  private constructor(
    private readonly pool: DevicePool,
    private readonly stream: LogStream,
    private readonly first: BrowserContext,
    private readonly timeouts: DeviceTimeouts,
  ) {}

  static async start(
    first: BrowserContext,
    pool: DevicePool,
    stream: LogStream,
    timeouts: DeviceTimeouts,
  ): Promise<TestDevices> {
    const devices = new TestDevices(pool, stream, first, timeouts)
    await devices.capture(first)
    return devices
  }

  /** In the order the test opened them: the test's own first. */
  get all(): BrowserContext[] {
    return [...this.captures.keys()]
  }

  /** Another device for this test. */
  async open(): Promise<BrowserContext> {
    const device = await this.pool.take()
    await this.capture(device)
    return device
  }

  /** The capture of a device's SharedWorkers (released around a reload, so that one can go with its last tab). */
  sharedWorkersOf(device: BrowserContext): SharedWorkerCapture | undefined {
    return this.captures.get(device)
  }

  /** Stops every capture and gives the devices the test opened back to the pool (its own goes with its fixture). */
  async giveBack(): Promise<void> {
    const taken = [...this.captures.entries()]
    this.captures.clear()
    await Promise.all(
      taken.map(async ([device, capture]) => {
        await capture.stop()
        if (device !== this.first) await this.pool.give(device)
      }),
    )
  }

  private async capture(device: BrowserContext): Promise<void> {
    device.setDefaultTimeout(this.timeouts.actionMs)
    device.setDefaultNavigationTimeout(this.timeouts.navigationMs)
    device.setDefaultTimeout(this.timeouts.actionMs)
    device.setDefaultNavigationTimeout(this.timeouts.navigationMs)
    this.captures.set(device, await SharedWorkerCapture.start(browserOf(device), this.stream))
  }
}
