import { cpSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { test as base } from '@playwright/test'
import { repoPath } from '../paths.ts'
import { readTestFolder, writeBundle } from '../report/bundle.ts'

interface RecordedReportScope {
  /**
   * The report.html of a run kept in fixtures/recorded-runs/<run>, bundled from a copy the way
   * `npm run report` bundles someone else's artifacts; resolves with its file URL.
   */
  recordedReport: (run: string) => Promise<string>
}

/** Playwright's own test, without the harness's servers: for what a run wrote, opened in a browser. */
export const test = base.extend<RecordedReportScope>({
  recordedReport: async ({}, use, testInfo) => {
    await use(async (run) => {
      const folder = testInfo.outputPath('recorded')
      cpSync(repoPath(`fixtures/recorded-runs/${run}`), folder, { recursive: true })
      const { lines, verdict } = readTestFolder(folder)
      const paths = await writeBundle(folder, lines, verdict)
      return pathToFileURL(paths['report.html']).href
    })
  },
})
