import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { CACHE_DIR, REPO_ROOT } from '../paths.ts'

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
