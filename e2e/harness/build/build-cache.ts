import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { Schema } from 'effect'
import { BundledLivestore } from '../livestore/target.ts'
import { UnplacedPoint } from '../livestore/tracepoints/types.ts'
import { CACHE_DIR, REPO_ROOT, repoPath } from '../paths.ts'
import { readDataFile } from '../run/data-file.ts'

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.cache', 'test-results'])

const listFiles = (path: string): string[] => {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !SKIPPED_DIRS.has(entry.name))
    .flatMap((entry) => listFiles(join(path, entry.name)))
    .sort()
}

/** A short hash of the named files and folders (their paths and contents) plus any extra key. */
export const contentHash = (inputs: readonly string[], extraKey = ''): string => {
  const hash = createHash('sha256').update(extraKey)
  for (const file of inputs.flatMap(listFiles)) {
    hash.update(relative(REPO_ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

/** What every build's output also depends on: the lockfile, and the harness's code that resolves and bundles. */
export const BUILD_CODE: readonly string[] = [
  repoPath('package-lock.json'),
  repoPath('e2e/harness/build'),
  repoPath('e2e/harness/livestore'),
]

export interface CachedBuild {
  dir: string
  cached: boolean
  ms: number
}

/**
 * Runs `build(dir)` once per content hash: a second call with the same inputs returns the same
 * folder without building. A build that failed half-way leaves no stamp and is redone, and so is
 * one that lacks what `complete` asks of it (a record an older harness did not write).
 */
export const cachedBuild = async (
  name: string,
  hash: string,
  build: (dir: string) => Promise<void>,
  complete: (dir: string) => boolean = () => true,
): Promise<CachedBuild> => {
  const dir = join(CACHE_DIR, `${name}-${hash}`)
  const stamp = join(dir, '.complete')
  if (existsSync(stamp) && complete(dir)) return { dir, cached: true, ms: 0 }
  const startedAt = Date.now()
  rmSync(dir, { recursive: true, force: true })
  await build(dir)
  writeFileSync(stamp, new Date().toISOString())
  return { dir, cached: false, ms: Date.now() - startedAt }
}

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
