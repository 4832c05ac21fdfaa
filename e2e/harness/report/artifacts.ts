import { writeFile } from 'node:fs/promises'
import type { TestInfo } from '@playwright/test'
import { toJsonl, toText } from '../capture/log-files.ts'
import type { LogStream } from '../capture/log-stream.ts'
import { attachBundle } from './attach-bundle.ts'

/** Writes a test's captured logs into its output folder and attaches them to its report. */
export const attachLogs = async (testInfo: TestInfo, stream: LogStream): Promise<void> => {
  const tmp = stream.tmpLines()
  const files = [
    { name: 'tmp-logs.jsonl', contentType: 'application/jsonl', body: toJsonl(tmp) },
    { name: 'tmp-logs.txt', contentType: 'text/plain', body: toText(tmp) },
    { name: 'console.txt', contentType: 'text/plain', body: toText(stream.lines) },
  ]
  for (const file of files) {
    const path = testInfo.outputPath(file.name)
    await writeFile(path, file.body)
    await testInfo.attach(file.name, { path, contentType: file.contentType })
  }
  await attachBundle(testInfo, tmp)
}
