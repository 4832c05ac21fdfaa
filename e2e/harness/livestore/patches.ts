import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { LivestoreVersionError } from './published-versions.ts'
import type { AppliedPatch } from './target.ts'

const run = promisify(execFile)

/**
 * `--patch <file>`: a unified diff over an install's `node_modules/@livestore/<package>/…`, the
 * format `patch-package` keeps in an app's `patches/` folder, so a fix tried in an app runs here
 * unchanged. Checked before anything is installed; applied with `git apply` to a copy of the
 * version's packages. Every problem is one line naming the patch (and the file and hunk).
 */
export class PatchError extends LivestoreVersionError {}

interface PatchedFile {
  path: string
  /** `@livestore/<name>` */
  packageName: string
  hunks: { header: string; oldStart: number }[]
}

export interface ParsedPatch extends AppliedPatch {
  files: PatchedFile[]
}

const PACKAGE_PATH = /^node_modules\/(@livestore\/[^/]+)\//

/** `a/node_modules/x` or `node_modules/x` (with a tab and a date after it in some tools). */
const headerPath = (line: string): string =>
  line
    .slice(4)
    .split('\t')[0]
    ?.trim()
    .replace(/^[ab]\//, '') ?? ''

export const parsePatch = (path: string): ParsedPatch => {
  const name = basename(path)
  if (!existsSync(path)) throw new PatchError(`--patch ${path}: no such file`)
  const text = readFileSync(path, 'utf8')
  const files: PatchedFile[] = []
  let current: PatchedFile | undefined
  // Lines of the current hunk still to come (old side, new side): inside a hunk, `--- ` is content.
  let remaining = { old: 0, new: 0 }
  for (const line of text.split('\n')) {
    if (remaining.old > 0 || remaining.new > 0) {
      if (!line.startsWith('+')) remaining.old--
      if (!line.startsWith('-')) remaining.new--
      continue
    }
    if (line.startsWith('+++ ')) {
      const target = headerPath(line)
      const file = target === '/dev/null' ? (current?.path ?? '') : target
      const match = PACKAGE_PATH.exec(file)
      if (match === null) {
        throw new PatchError(
          `${name}: ${file} is not in a LiveStore package (a patch changes node_modules/@livestore/<package>/…, as patch-package writes it)`,
        )
      }
      current = { path: file, packageName: match[1] ?? '', hunks: [] }
      files.push(current)
    } else if (line.startsWith('--- ')) {
      current = { path: headerPath(line), packageName: '', hunks: [] }
    } else if (line.startsWith('@@ ') && current !== undefined) {
      const [, oldStart = '0', oldCount = '1', newCount = '1'] =
        /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line) ?? []
      current.hunks.push({ header: line.replace(/ @@.*$/, ' @@'), oldStart: Number(oldStart) })
      remaining = { old: Number(oldCount), new: Number(newCount) }
    }
  }
  if (files.length === 0) throw new PatchError(`${name}: not a unified diff (no '+++ ' file header)`)
  return { path, hash: createHash('sha256').update(text).digest('hex').slice(0, 16), files }
}

/** Every package a patch changes must be part of the version's install. */
export const checkPatchTargets = (patch: ParsedPatch, installRoot: string, version: string): void => {
  for (const file of patch.files) {
    if (!existsSync(join(installRoot, 'node_modules', file.packageName, 'package.json'))) {
      throw new PatchError(
        `${basename(patch.path)}: LiveStore ${version} has no ${file.packageName} (the patch changes ${file.path})`,
      )
    }
  }
}

/** Why `git apply` refused, as one line naming the hunk. */
const refusal = (patch: ParsedPatch, stderr: string, version: string): string => {
  const failed = /patch failed: (.+):(\d+)/.exec(stderr)
  const name = basename(patch.path)
  if (failed !== null) {
    const [, path = '', line = ''] = failed
    const file = patch.files.find((candidate) => candidate.path === path)
    const index = file?.hunks.findIndex((hunk) => hunk.oldStart === Number(line)) ?? -1
    const hunk = file?.hunks[index]
    const which =
      hunk === undefined ? `the hunk at line ${line}` : `hunk ${index + 1} of ${file?.hunks.length} (${hunk.header})`
    return `${name}: ${which} of ${path} does not apply to LiveStore ${version}`
  }
  const first = stderr.split('\n').find((line) => line.startsWith('error: ')) ?? stderr.split('\n')[0] ?? ''
  return `${name}: does not apply to LiveStore ${version}: ${first.replace(/^error: /, '')}`
}

/**
 * Applies the patches in order inside `dir` (which holds `node_modules/@livestore/*`). Git must not
 * take `dir` for part of a repository (the cache lies inside this one), or it would read the
 * paths as relative to that repository's top.
 */
export const applyPatches = async (dir: string, patches: readonly ParsedPatch[], version: string): Promise<void> => {
  const env = { ...process.env, GIT_CEILING_DIRECTORIES: dirname(dir) }
  for (const patch of patches) {
    for (const check of [true, false]) {
      await run('git', ['apply', ...(check ? ['--check'] : []), '-p1', patch.path], { cwd: dir, env }).catch(
        (error: { stderr?: string }) => {
          throw new PatchError(refusal(patch, error.stderr ?? String(error), version))
        },
      )
    }
  }
}
