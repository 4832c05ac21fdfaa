/**
 * `npm run report -- <test folder>`: rebuilds a test's bug-report bundle (report.html, trace.json,
 * sequence.md, bug-report.md) from its tmp-logs.jsonl and verdict.json — one's own run's, or
 * artifacts someone attached to an issue — and prints where report.html is.
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { UsageError } from '../harness/base/known-errors.ts'
import { readTestFolder, writeBundle } from '../harness/report/bundle.ts'
import { runMain } from '../harness/run/main.ts'

const USAGE = 'usage: npm run report -- <test folder with tmp-logs.jsonl and verdict.json>'

runMain('report', async () => {
  const args = process.argv.slice(2)
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h' || args[0]?.startsWith('-')) {
    throw new UsageError(USAGE)
  }
  const folder = resolve(args[0] ?? '')
  const started = performance.now()
  const { lines, verdict } = readTestFolder(folder)
  const paths = await writeBundle(folder, lines, verdict)
  const ms = Math.round(performance.now() - started)
  console.log(`bundle of ${lines.length} [TMP] lines built in ${ms} ms:`)
  for (const path of Object.values(paths)) console.log(`  ${path}`)
  console.log(`open ${pathToFileURL(paths['report.html']).href}`)
  return 0
})
