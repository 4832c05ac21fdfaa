import { defineConfig } from '@playwright/test'
import { BrowserNotFoundError, CHROMIUM_ARGS, findBrowser } from './e2e/harness/browser/chromium.ts'
import { readConfig } from './e2e/harness/run/config.ts'

const config = readConfig()

/** The e2e CLI checks for a browser first; running Playwright directly without one gets Playwright's own message. */
const executablePath = (() => {
  try {
    return findBrowser(config.chromiumPath).executablePath
  } catch (error) {
    if (error instanceof BrowserNotFoundError) return undefined
    throw error
  }
})()

const browserUse = {
  browserName: 'chromium' as const,
  headless: !config.headed,
  launchOptions: { ...(executablePath === undefined ? {} : { executablePath }), args: CHROMIUM_ARGS },
  actionTimeout: 5_000,
  navigationTimeout: 15_000,
  trace: 'retain-on-failure' as const,
  screenshot: 'on' as const,
}

export default defineConfig({
  outputDir: 'test-results',
  // Two cores: browser tests run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: process.env.CI !== undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }],
    ['./e2e/harness/report/verdict-reporter.ts'],
  ],
  projects: [
    { name: 'unit', testDir: 'e2e/unit', testMatch: /\.test\.ts$/ },
    { name: 'scenarios', testDir: 'e2e/scenarios', use: browserUse },
    { name: 'self-tests', testDir: 'e2e/self-tests', use: browserUse },
  ],
})
