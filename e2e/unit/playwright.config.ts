import { defineConfig } from '@playwright/test'

/** The unit tests of the harness's own logic: no browser, no backend, no global setup. */
export default defineConfig({
  projects: [{ name: 'unit' }],
  testDir: '.',
  testMatch: /\.test\.ts$/,
  outputDir: '../../test-results/unit',
  forbidOnly: process.env.CI !== undefined,
  reporter: [['list'], ['../harness/report/verdict-reporter.ts']],
})
