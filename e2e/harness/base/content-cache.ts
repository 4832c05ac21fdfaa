import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
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

/** How long a build waits for another process's build of the same folder (a cold LiveStore install takes minutes). */
const LOCK_WAIT_MS = 15 * 60_000
const LOCK_POLL_MS = 200

/** Whether the process that took `lock` has ended without removing it (killed): its pid is written right after. */
const ownerGone = (lock: string): boolean => {
  try {
    process.kill(Number(readFileSync(join(lock, 'pid'), 'utf8')), 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/**
 * Runs `run` while holding `<dir>.lock` (a folder: its creation is atomic), so that two test
 * workers or two commands never build into the same folder at once.
 */
const whileLocked = async <A>(dir: string, run: () => Promise<A>): Promise<A> => {
  const lock = `${dir}.lock`
  const deadline = Date.now() + LOCK_WAIT_MS
  mkdirSync(CACHE_DIR, { recursive: true })
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    if (ownerGone(lock)) rmSync(lock, { recursive: true, force: true })
    else if (Date.now() > deadline)
      throw new Error(
        `${relative(REPO_ROOT, lock)}: another process has built there for 15 min; remove it if none does`,
      )
    else await sleep(LOCK_POLL_MS)
  }
  try {
    writeFileSync(join(lock, 'pid'), String(process.pid))
    return await run()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/**
 * Runs `build(dir)` once per content hash: a second call with the same inputs returns the same
 * folder without building, also when another process built it meanwhile. A build that failed
 * half-way leaves no stamp and is redone, and so is one that lacks what `complete` asks of it (a
 * record an older harness did not write).
 */
export const cachedBuild = async (
  name: string,
  hash: string,
  build: (dir: string) => Promise<void>,
  complete: (dir: string) => boolean = () => true,
): Promise<CachedBuild> => {
  const dir = join(CACHE_DIR, `${name}-${hash}`)
  const stamp = join(dir, '.complete')
  const done = () => existsSync(stamp) && complete(dir)
  if (done()) return { dir, cached: true, ms: 0 }
  return whileLocked(dir, async () => {
    if (done()) return { dir, cached: true, ms: 0 }
    const startedAt = Date.now()
    rmSync(dir, { recursive: true, force: true })
    await build(dir)
    writeFileSync(stamp, new Date().toISOString())
    return { dir, cached: false, ms: Date.now() - startedAt }
  })
}
