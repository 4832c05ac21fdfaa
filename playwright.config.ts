import { defineConfig } from '@playwright/test'
import { BrowserNotFoundError, CHROMIUM_ARGS, findBrowser } from './e2e/harness/browser/chromium.ts'
import { ConfigError, readConfig } from './e2e/harness/run/config.ts'
import type { HarnessOptions } from './e2e/harness/test/options.ts'

/** A bad knob is one line and exit 2 however Playwright was started, as in the global setup. */
const config = (() => {
  try {
    return readConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`harness: ${error.message}`)
    process.exit(2)
  }
})()

/** No browser yet: the global setup installs one or says in one line what to install. */
const executablePath = (() => {
  try {
    return findBrowser(config.chromiumPath).executablePath
  } catch (error) {
    if (error instanceof BrowserNotFoundError) return undefined
    throw error
  }
})()

const browserUse = {
  // Every project names the LiveStore it runs on: the reporter finds what the global setup resolved for it.
  livestore: config.livestore,
  browserName: 'chromium' as const,
  headless: !config.headed,
  launchOptions: { ...(executablePath === undefined ? {} : { executablePath }), args: CHROMIUM_ARGS },
  actionTimeout: 5_000,
  navigationTimeout: 15_000,
  // Recording a trace costs about 0.6 s a test (measured on priority-change and offline-then-online),
  // and the bundle is the evidence: a FAIL line's replay command asks for it (--trace retain-on-failure).
  trace: 'off' as const,
  screenshot: 'on' as 'on' | 'off',
}

/** A project for e2e/<name>, or one per version (`<name>@<version>`) when a matrix runs. */
const perVersion = (name: string, use: typeof browserUse = browserUse) =>
  config.versions === undefined
    ? [{ name, testDir: `e2e/${name}`, use }]
    : config.versions.map((version) => ({
        name: `${name}@${version}`,
        testDir: `e2e/${name}`,
        use: { ...use, livestore: { ...config.livestore, livestore: version } },
      }))

export default defineConfig<HarnessOptions>({
  outputDir: 'test-results',
  globalSetup: './e2e/harness/global-setup.ts',
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
    ...perVersion('scenarios'),
    // The harness's own tests need no matrix: once, on the LiveStore under test.
    { name: 'self-tests', testDir: 'e2e/self-tests', use: browserUse },
    // The cases the explorer found, each on the version it was found on (or its schedules, when it runs).
    // Their tests share one browser context per worker (test/reused-context.ts), where Playwright
    // takes no screenshot: the bundle is their evidence.
    ...perVersion('explore', { ...browserUse, screenshot: 'off' }),
  ],
})
