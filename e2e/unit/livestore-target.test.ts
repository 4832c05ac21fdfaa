import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { linkCheckout } from '../harness/livestore/checkout.ts'
import { applyPatches, checkPatchTargets, PatchError, parsePatch } from '../harness/livestore/patches.ts'
import { resolveLivestore } from '../harness/livestore/resolve-target.ts'
import { repoPath } from '../harness/paths.ts'

const MARKER_PATCH = repoPath('fixtures/patches/livestore-marker-0.4.0.patch')

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`)

/** A folder holding `node_modules/@livestore/x/f.js` (30 lines), and a patch changing lines 5 and 25 of it. */
const fixture = () => {
  const dir = mkdtempSync(join(tmpdir(), 'harness-patch-'))
  const file = join(dir, 'node_modules/@livestore/x/f.js')
  mkdirSync(join(dir, 'node_modules/@livestore/x'), { recursive: true })
  writeFileSync(join(dir, 'node_modules/@livestore/x/package.json'), '{ "name": "@livestore/x", "version": "1.0.0" }')
  writeFileSync(file, `${lines(1, 30).join('\n')}\n`)
  const hunk = (at: number, changed: number) =>
    [
      `@@ -${at},7 +${at},7 @@`,
      ...lines(at, changed - 1).map((line) => ` ${line}`),
      `-line ${changed}`,
      `+line ${changed} fixed`,
      ...lines(changed + 1, at + 6).map((line) => ` ${line}`),
    ].join('\n')
  const patch = join(dir, 'fix.patch')
  writeFileSync(
    patch,
    [
      'diff --git a/node_modules/@livestore/x/f.js b/node_modules/@livestore/x/f.js',
      '--- a/node_modules/@livestore/x/f.js',
      '+++ b/node_modules/@livestore/x/f.js',
      hunk(2, 5),
      hunk(22, 25),
      '',
    ].join('\n'),
  )
  return { dir, file, patch }
}

test('a patch-package file is read as files of LiveStore packages, each with its hunks', () => {
  const parsed = parsePatch(MARKER_PATCH)
  expect(new Set(parsed.files.map((file) => file.packageName))).toEqual(
    new Set(['@livestore/common', '@livestore/sync-cf']),
  )
  expect(parsed.files.every((file) => file.hunks.length === 1)).toBe(true)
  expect(parsed.hash).toMatch(/^[0-9a-f]{16}$/)
})

test('a patch applies to a copy of the packages; a hunk that does not is one line naming it', async () => {
  const { dir, file, patch } = fixture()
  await applyPatches(dir, [parsePatch(patch)], '1.0.0')
  expect(readFileSync(file, 'utf8')).toContain('line 25 fixed')

  const other = fixture()
  writeFileSync(other.file, `${lines(1, 30).join('\n').replace('line 24', 'line 24 changed upstream')}\n`)
  await expect(applyPatches(other.dir, [parsePatch(other.patch)], '1.0.0')).rejects.toThrow(
    new PatchError(
      'fix.patch: hunk 2 of 2 (@@ -22,7 +22,7 @@) of node_modules/@livestore/x/f.js does not apply to LiveStore 1.0.0',
    ),
  )
})

test('a patch outside LiveStore, or for a package the version does not have, is refused in one line', () => {
  const { dir, patch } = fixture()
  const outside = join(dir, 'outside.patch')
  writeFileSync(outside, readFileSync(patch, 'utf8').replaceAll('node_modules/@livestore/x/', 'node_modules/effect/'))
  expect(() => parsePatch(outside)).toThrow(
    /^outside\.patch: node_modules\/effect\/f\.js is not in a LiveStore package \(a patch changes node_modules\/@livestore\/<package>\/…/,
  )
  const missing = join(dir, 'missing.patch')
  writeFileSync(missing, readFileSync(patch, 'utf8').replaceAll('@livestore/x/', '@livestore/y/'))
  expect(() => checkPatchTargets(parsePatch(missing), dir, '1.0.0')).toThrow(
    new PatchError(
      'missing.patch: LiveStore 1.0.0 has no @livestore/y (the patch changes node_modules/@livestore/y/f.js)',
    ),
  )
  writeFileSync(join(dir, 'empty.patch'), 'nothing here\n')
  expect(() => parsePatch(join(dir, 'empty.patch'))).toThrow(
    new PatchError("empty.patch: not a unified diff (no '+++ ' file header)"),
  )
  expect(() => parsePatch(join(dir, 'absent.patch'))).toThrow(/^--patch .*absent\.patch: no such file$/)
})

test('a path that is not a built LiveStore tree, or a patch with a path, is refused in one line', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'harness-tree-'))
  expect(() => linkCheckout(empty, join(empty, 'links'))).toThrow(
    `${empty} is not a built LiveStore tree: ${empty}/packages/@livestore/livestore/package.json is missing (a LiveStore tree has packages/@livestore/<name>/package.json and a built dist/ for each of @livestore/livestore, @livestore/adapter-web, @livestore/sync-cf, @livestore/utils)`,
  )
  await expect(resolveLivestore({ livestore: empty, patches: [MARKER_PATCH] })).rejects.toThrow(
    new PatchError(`--patch applies to a published version; ${empty} is a local tree: change the tree instead`),
  )
})
