import { defineConfig } from '@playwright/test'
import { BrowserNotFoundError, CHROMIUM_ARGS, findBrowser } from './e2e/harness/browser.ts'
import { readConfig } from './e2e/harness/config.ts'

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
    ['./e2e/harness/verdict-reporter.ts'],
  ],
  projects: [
    { name: 'unit', testDir: 'e2e/unit', testMatch: /\.test\.ts$/ },
    {
      name: 'e2e',
      testDir: 'e2e',
      testMatch: /\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        headless: !config.headed,
        launchOptions: { ...(executablePath === undefined ? {} : { executablePath }), args: CHROMIUM_ARGS },
        actionTimeout: 5_000,
        navigationTimeout: 15_000,
        trace: 'retain-on-failure',
        screenshot: 'on',
      },
    },
  ],
})
