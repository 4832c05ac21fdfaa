import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import type { PackageDir } from './fingerprint.ts'
import { LIVESTORE_PACKAGES, LivestoreVersionError } from './published-versions.ts'

/**
 * A local LiveStore tree (`--livestore <path>`): `packages/@livestore/<name>/` with a `package.json`
 * and a built `dist/` for each package the app and the worker import, as upstream's monorepo is
 * after `pnpm install && pnpm build`. Its packages are used as they would be published: upstream's
 * `package.json` points `exports` at the TypeScript sources and keeps the built ones in
 * `publishConfig`, which `pnpm publish` applies, so the harness applies it too (in a folder of
 * links, never in the tree). Their own dependencies keep resolving from the tree's `node_modules`.
 */
export interface LinkedCheckout {
  /** The folder of links, with `node_modules/@livestore/<name>` per package of the tree. */
  root: string
  /** Each package's folder in the tree: what a build against it must bundle. */
  dirs: PackageDir[]
  version: string
  commit: string | undefined
}

/** The `publishConfig` fields that are registry settings, not manifest fields. */
const REGISTRY_SETTINGS = new Set(['access', 'registry', 'tag', 'provenance', 'directory'])

const readManifest = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>

/** The tree's commit, when the tree is the top of a git work tree (not a folder inside another repository). */
const gitHead = (dir: string): string | undefined => {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: 'pipe' }).trim()
  try {
    return realpathSync(git('rev-parse', '--show-toplevel')) === realpathSync(dir)
      ? git('rev-parse', 'HEAD')
      : undefined
  } catch {
    return undefined
  }
}

/** A package as published: a folder with the applied manifest, and links to everything else of it. */
const linkPackage = (source: string, target: string): void => {
  const manifest = readManifest(source)
  const { publishConfig, ...fields } = manifest as { publishConfig?: Record<string, unknown> }
  const published = Object.entries(publishConfig ?? {}).filter(([key]) => !REGISTRY_SETTINGS.has(key))
  if (published.length === 0) {
    symlinkSync(source, target, 'dir')
    return
  }
  mkdirSync(target)
  for (const entry of readdirSync(source)) {
    if (entry !== 'package.json') symlinkSync(join(source, entry), join(target, entry))
  }
  writeFileSync(join(target, 'package.json'), JSON.stringify({ ...fields, ...Object.fromEntries(published) }, null, 2))
}

export const linkCheckout = (checkout: string, linkRoot: string): LinkedCheckout => {
  const packagesDir = join(checkout, 'packages', '@livestore')
  const layout = 'a LiveStore tree has packages/@livestore/<name>/package.json and a built dist/ for each of'
  for (const name of LIVESTORE_PACKAGES) {
    const dir = join(checkout, 'packages', name)
    const missing = ['package.json', 'dist'].find((entry) => !existsSync(join(dir, entry)))
    if (missing !== undefined) {
      throw new LivestoreVersionError(
        `${checkout} is not a built LiveStore tree: ${join(dir, missing)} is missing (${layout} ${LIVESTORE_PACKAGES.join(', ')})`,
      )
    }
  }
  const names = readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, 'package.json')))
  const scope = join(linkRoot, 'node_modules', '@livestore')
  rmSync(linkRoot, { recursive: true, force: true })
  mkdirSync(scope, { recursive: true })
  // Bundlers resolve the harness's imports as if made from here (bundler-plugins.ts): the file must exist.
  writeFileSync(join(linkRoot, 'package.json'), '{ "name": "livestore-checkout-links", "private": true }\n')
  for (const name of names) linkPackage(join(packagesDir, name), join(scope, name))
  const version = String(readManifest(join(packagesDir, 'livestore')).version)
  return {
    root: linkRoot,
    dirs: names.map((name) => [`@livestore/${name}`, realpathSync(join(packagesDir, name))] as const),
    version,
    commit: gitHead(checkout),
  }
}
