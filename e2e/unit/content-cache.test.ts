import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect, test } from '@playwright/test'
import { cachedBuild } from '../harness/base/content-cache.ts'
import { CACHE_DIR } from '../harness/paths.ts'

const NAME = `unit-content-cache-${process.pid}`
const HASH = 'h'
const DIR = join(CACHE_DIR, `${NAME}-${HASH}`)

test.afterEach(() => rmSync(DIR, { recursive: true, force: true }))

// Two test workers resolving the same patched LiveStore once built into one folder at once
// (ENOTEMPTY, a patch applied to a half-copied tree).
test('two builds of one folder at once: the second waits for the first and builds nothing', async () => {
  let builds = 0
  let running = 0
  const build = async (dir: string) => {
    builds++
    running++
    expect(running).toBe(1)
    mkdirSync(dir, { recursive: true })
    await sleep(50)
    writeFileSync(join(dir, 'built'), 'yes')
    running--
  }
  const [first, second] = await Promise.all([cachedBuild(NAME, HASH, build), cachedBuild(NAME, HASH, build)])
  expect(builds).toBe(1)
  expect([first.cached, second.cached].sort()).toEqual([false, true])
  expect(existsSync(`${DIR}.lock`)).toBe(false)
})

test('a lock left by a process that ended is taken over', async () => {
  mkdirSync(`${DIR}.lock`, { recursive: true })
  // No process has this pid (above the kernel's pid_max).
  writeFileSync(join(`${DIR}.lock`, 'pid'), '99999999')
  const built = await cachedBuild(NAME, HASH, async (dir) => {
    mkdirSync(dir, { recursive: true })
  })
  expect(built.cached).toBe(false)
  expect(existsSync(`${DIR}.lock`)).toBe(false)
})
