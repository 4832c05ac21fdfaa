import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'

export class BrowserNotFoundError extends Error {}

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

export interface BrowserChoice {
  /** `undefined` means Playwright's own Chromium. */
  executablePath: string | undefined
  description: string
}

/** Playwright's own Chromium when installed, else CHROMIUM_PATH, else Debian's; else a one-line error. */
export const findBrowser = (chromiumPath: string | undefined): BrowserChoice => {
  if (chromiumPath !== undefined) {
    if (!existsSync(chromiumPath)) throw new BrowserNotFoundError(`CHROMIUM_PATH=${chromiumPath} does not exist`)
    return { executablePath: chromiumPath, description: `CHROMIUM_PATH (${chromiumPath})` }
  }
  if (existsSync(chromium.executablePath())) return { executablePath: undefined, description: "Playwright's Chromium" }
  const system = SYSTEM_CHROMIUM.find((path) => existsSync(path))
  if (system !== undefined) return { executablePath: system, description: system }
  throw new BrowserNotFoundError(
    'no Chromium found: run `npx playwright install chromium`, or `apt-get install chromium`, or set CHROMIUM_PATH',
  )
}

/**
 * Without the networking switches Chromium floods a closed network with connection attempts;
 * the rest keep a CI run quiet and deterministic.
 */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
