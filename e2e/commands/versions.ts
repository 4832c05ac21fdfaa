/**
 * `npm run versions`: every published LiveStore from the oldest the harness supports on, one line
 * each: builds, not published (naming the missing package), no tracepoint table, or the first
 * build error. Installs and builds are cached, so only a version's first listing builds it.
 */

import { isKnownError, oneLine, UsageError } from '../harness/base/known-errors.ts'
import { prepareBuilds } from '../harness/build/builds.ts'
import { missingPackages, publishedVersions, versionsInRange } from '../harness/livestore/published-versions.ts'
import { resolveLivestore } from '../harness/livestore/resolve-target.ts'
import { hasTracepointTable } from '../harness/livestore/tracepoints/instrument.ts'
import { runMain } from '../harness/run/main.ts'

const USAGE = 'usage: npm run versions'

/** A version's status; a failed install or build is its status, not the command's failure. */
const statusOf = async (version: string, missing: readonly string[]): Promise<string> => {
  if (missing.length > 0) return `not published: npm has no ${missing.join(', ')}`
  const tracepoints = hasTracepointTable(version)
  try {
    const target = await resolveLivestore({ livestore: version, patches: [] })
    await prepareBuilds(target, { tracepoints })
  } catch (error) {
    if (!isKnownError(error)) throw error
    return `build fails: ${oneLine(error).replace(/ failed against LiveStore \S+:/, ':')}`
  }
  // Built uninstrumented: it runs with E2E_TRACEPOINTS=off, and a table is what it lacks.
  return tracepoints ? 'builds' : 'no tracepoint table (builds without tracepoints)'
}

runMain('versions', async () => {
  if (process.argv.length > 2) throw new UsageError(USAGE)
  const published = await publishedVersions()
  const versions = versionsInRange(published)
  const width = Math.max(...versions.map((version) => version.length))
  let failed = 0
  for (const version of versions) {
    const status = await statusOf(version, missingPackages(published, version))
    if (status.startsWith('build fails')) failed++
    console.log(`${version.padEnd(width)}  ${status}`)
  }
  return failed === 0 ? 0 : 1
})
