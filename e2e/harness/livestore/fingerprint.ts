import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import type { BundledLivestore, LivestoreFingerprint, PackageFingerprint } from './target.ts'

/**
 * Which LiveStore a tree holds and a build bundled, by content: a package's hash covers its files
 * (paths relative to the package, so the same files hash the same wherever they lie), never its
 * `node_modules`. The same function fingerprints the tree under test and each build's bundled
 * packages, so the two can be compared.
 */

/** Type declarations and source maps never change what runs: left out, they halve the bytes to read. */
const RUNTIME_IRRELEVANT = /\.(map|d\.ts|d\.mts|d\.cts|tsbuildinfo)$/

const filesOf = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && !RUNTIME_IRRELEVANT.test(entry.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name)
      // Checkouts link their packages' folders: a link is followed like the folder it stands for.
      return statSync(path).isDirectory() ? filesOf(path) : [path]
    })
    .sort()

const known = new Map<string, PackageFingerprint>()

/** A package folder's version and content hash (cached per process: a run does not edit its LiveStore). */
export const packageFingerprint = (dir: string): PackageFingerprint => {
  const cached = known.get(dir)
  if (cached !== undefined) return cached
  const hash = createHash('sha256')
  for (const file of filesOf(dir)) hash.update(relative(dir, file)).update('\0').update(readFileSync(file)).update('\0')
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }
  const fingerprint = { version, hash: hash.digest('hex').slice(0, 16) }
  known.set(dir, fingerprint)
  return fingerprint
}

/** Packages are keyed by name and version: an install may hold two of one package (a nested dependency). */
const keyOf = (name: string, { version }: PackageFingerprint) => `${name}@${version}`

const combined = (packages: Record<string, PackageFingerprint>): LivestoreFingerprint => {
  const hash = createHash('sha256')
  for (const name of Object.keys(packages).sort()) hash.update(`${name}@${packages[name]?.hash}\0`)
  return { packages, hash: hash.digest('hex').slice(0, 16) }
}

/** A package's name and real folder. */
export type PackageDir = readonly [name: string, dir: string]

/**
 * Every `@livestore/*` package an install holds: under `<root>/node_modules/@livestore`, and nested
 * in their own `node_modules` (a package that needs another version of a sibling), by real folder.
 */
export const livestorePackageDirs = (root: string): PackageDir[] => {
  const scope = join(root, 'node_modules', '@livestore')
  if (!existsSync(scope)) return []
  return readdirSync(scope).flatMap((name) => {
    const dir = realpathSync(join(scope, name))
    return [[`@livestore/${name}`, dir] as const, ...livestorePackageDirs(dir)]
  })
}

/** The fingerprint of the packages in these folders. */
export const treeFingerprint = (dirs: readonly PackageDir[]): LivestoreFingerprint =>
  combined(
    Object.fromEntries(
      dirs.map(([name, dir]) => {
        const fingerprint = packageFingerprint(dir)
        return [keyOf(name, fingerprint), fingerprint] as const
      }),
    ),
  )

/** `…/@livestore/common/dist/x.js` → the package's name and folder (the innermost `@livestore/<name>`). */
const owningPackage = (file: string): { name: string; dir: string } | undefined => {
  const match = /^(.*\/@livestore\/([^/]+))\//.exec(file)
  if (match === null) return undefined
  const [, dir = '', name = ''] = match
  // A file of a nested folder named like a package (`…/@livestore/common/dist/@livestore/…`) belongs to the outer one.
  return existsSync(join(dir, 'package.json')) ? { name: `@livestore/${name}`, dir } : owningPackage(`${dirname(dir)}/`)
}

const TYPESCRIPT_SOURCE = /(?<!\.d)\.[mc]?tsx?$/

/** The packages a build bundled, from the files that went into it. */
export const bundledFingerprint = (files: Iterable<string>): BundledLivestore => {
  const dirs: Record<string, string> = {}
  const packages: Record<string, PackageFingerprint> = {}
  const sources: string[] = []
  let count = 0
  for (const file of files) {
    const path = file.replace(/\\/g, '/').replace(/\?.*$/, '')
    const owner = owningPackage(path)
    if (owner === undefined) continue
    count++
    if (TYPESCRIPT_SOURCE.test(path)) sources.push(path)
    const fingerprint = packageFingerprint(owner.dir)
    const key = keyOf(owner.name, fingerprint)
    packages[key] = fingerprint
    dirs[key] ??= owner.dir
  }
  return { ...combined(packages), files: count, sources, dirs }
}
