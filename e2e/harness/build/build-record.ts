import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Schema } from 'effect'
import { type CachedBuild, cachedBuild } from '../base/content-cache.ts'
import { readDataFile } from '../base/data-file.ts'
import { BundledLivestore } from '../livestore/target.ts'
import { UnplacedPoint } from '../livestore/tracepoints/types.ts'
import { repoPath } from '../paths.ts'

/** What every build's output also depends on: the lockfile, and the harness's code that resolves and bundles. */
export const BUILD_CODE: readonly string[] = [
  repoPath('package-lock.json'),
  repoPath('e2e/harness/build'),
  repoPath('e2e/harness/livestore'),
]

/** What a build says of itself: what it bundled of LiveStore, and the tracepoints that found no place. */
export const BuildRecord = Schema.Struct({
  bundled: BundledLivestore,
  unplacedTracepoints: Schema.Array(UnplacedPoint),
})
export type BuildRecord = typeof BuildRecord.Type

/** Written by the build into its folder, read back when the build comes from the cache. */
const RECORD_FILE = 'build-record.json'

export const writeBuildRecord = (dir: string, record: BuildRecord): void =>
  writeFileSync(join(dir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`)

/** A finished build, and its record. */
export type Build = CachedBuild & BuildRecord

const readRecord = (dir: string): BuildRecord | undefined => {
  try {
    return readDataFile(BuildRecord, join(dir, RECORD_FILE))
  } catch {
    return undefined
  }
}

/** `cachedBuild` for a build that writes its record: one whose record is missing or outdated is built again. */
export const recordedBuild = async (
  name: string,
  hash: string,
  build: (dir: string) => Promise<void>,
): Promise<Build> => {
  const done = await cachedBuild(name, hash, build, (dir) => readRecord(dir) !== undefined)
  const record = readRecord(done.dir)
  if (record === undefined) throw new Error(`${name} build wrote no readable ${RECORD_FILE}`)
  return { ...done, ...record }
}
