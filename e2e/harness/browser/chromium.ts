import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'
import { KnownError } from '../base/known-errors.ts'
import { repoPath } from '../paths.ts'

export class BrowserNotFoundError extends KnownError {}

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

const INSTALL_TIMEOUT_MS = 10 * 60_000

/**
 * Like `findBrowser`, but when there is none (and no CHROMIUM_PATH) it first tries to install
 * Playwright's Chromium, so a fresh laptop needs no extra step. Where downloads are impossible the
 * install fails within seconds and the one-line error says what to install instead.
 */
export const ensureBrowser = (chromiumPath: string | undefined, progress: (line: string) => void): BrowserChoice => {
  try {
    return findBrowser(chromiumPath)
  } catch (error) {
    if (!(error instanceof BrowserNotFoundError) || chromiumPath !== undefined) throw error
    progress("browser: none found, installing Playwright's Chromium…")
    const install = spawnSync(
      process.execPath,
      [repoPath('node_modules/@playwright/test/cli.js'), 'install', 'chromium'],
      {
        encoding: 'utf8',
        timeout: INSTALL_TIMEOUT_MS,
      },
    )
    if (install.status === 0) return findBrowser(chromiumPath)
    throw new BrowserNotFoundError(`${error.message} (the automatic install failed too)`)
  }
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
