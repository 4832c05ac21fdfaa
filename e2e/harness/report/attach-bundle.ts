import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import type { TestInfo } from '@playwright/test'
import { readDataFile } from '../base/data-file.ts'
import { step } from '../base/step.ts'
import type { TmpCapturedLine } from '../capture/log-stream.ts'
import { VERDICT_ATTACHMENT, VerdictRecord } from '../verdict/verdict-record.ts'
import { BUNDLE_FILES, writeBundle } from './bundle.ts'

const CONTENT_TYPES: Record<string, string> = {
  'report.html': 'text/html',
  'trace.json': 'application/json',
  'sequence.md': 'text/markdown',
  'bug-report.md': 'text/markdown',
}

/**
 * Every test that followed a change (every scenario, every stall) gets its verdict and the
 * bug-report bundle attached next to its logs. A step of its own, so that the HTML report shows
 * what it costs. The verdict is attached only now: Playwright copies an attachment when it is
 * attached, and the convergence check adds to the file after the test's body.
 */
export const attachBundle = async (testInfo: TestInfo, lines: readonly TmpCapturedLine[]): Promise<void> => {
  const verdictPath = testInfo.outputPath(VERDICT_ATTACHMENT)
  if (!existsSync(verdictPath)) return
  await testInfo.attach(VERDICT_ATTACHMENT, { path: verdictPath, contentType: 'application/json' })
  await step('bug-report bundle', async () => {
    const verdict = readDataFile(VerdictRecord, verdictPath)
    // Files Playwright writes only after the fixtures are torn down.
    const later = [
      ...(testInfo.project.use.screenshot === 'on' ? ['test-finished-1.png'] : []),
      ...(testInfo.status !== testInfo.expectedStatus ? ['trace.zip'] : []),
    ]
    const paths = await writeBundle(dirname(verdictPath), lines, verdict, later)
    for (const name of BUNDLE_FILES) {
      await testInfo.attach(name, { path: paths[name], contentType: CONTENT_TYPES[name] ?? 'text/plain' })
    }
  })
}
