import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { Schema } from 'effect'
import { type CachedBuild, cachedBuild, contentHash } from '../build/build-cache.ts'
import { CACHE_DIR, REPO_ROOT } from '../paths.ts'
import { assertPublished, LIVESTORE_PACKAGES, LivestoreVersionError, publishedVersions } from './published-versions.ts'

const run = promisify(execFile)

/** A LiveStore the harness can build against: a published version, or a local checkout's built packages. */
export const LivestoreTarget = Schema.Struct({
  /** `0.4.0`, `0.4.0-dev.9`, or `local:<path>`. */
  label: Schema.String,
  /** The version its packages declare. */
  version: Schema.String,
  /** The folder whose `node_modules/@livestore/*` the app and the worker are built against. */
  root: Schema.String,
  /** What builds against it are cached by: the version, or for a checkout the content of its built packages. */
  buildKey: Schema.String,
})
export type LivestoreTarget = typeof LivestoreTarget.Type

const INSTALL_TIMEOUT_MS = 5 * 60_000

const npm = async (args: string[], cwd: string) => {
  try {
    return (await run('npm', args, { cwd, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 })).stdout
  } catch (error) {
    const lines = ((error as { stderr?: string }).stderr ?? '')
      .split('\n')
      .filter((line) => line.startsWith('npm error'))
    // npm's most telling line ("No matching version found for …") rather than its error code.
    const reason =
      lines.find((line) =>
        /No matching version|404 .*not (found|in this registry)|ERESOLVE could not|Could not resolve/i.test(line),
      ) ??
      lines[0] ??
      String(error)
    throw new LivestoreVersionError(`npm ${args[0]} failed: ${reason.replace(/^npm error (notarget |404 )?/, '')}`)
  }
}

const readVersion = (packageJson: string) =>
  (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version

/** The version installed with the repository itself (package.json): the default, never reinstalled. */
export const defaultTarget = (): LivestoreTarget => {
  const version = readVersion(join(REPO_ROOT, 'node_modules/@livestore/livestore/package.json'))
  return { label: version, version, root: REPO_ROOT, buildKey: version }
}

/**
 * The pins a release needs: `@livestore/peer-deps` of the same version lists the Effect and
 * OpenTelemetry versions it was built with; without them npm fails to resolve (ERESOLVE). A
 * release without that package falls back to the peer ranges of its `@livestore/utils`.
 */
const peerPins = async (version: string, cwd: string): Promise<Record<string, string>> => {
  const view = async (spec: string, field: string) => {
    const out = await npm(['view', spec, field, '--json'], cwd)
    return out.trim() === '' ? {} : (JSON.parse(out) as Record<string, string>)
  }
  return view(`@livestore/peer-deps@${version}`, 'dependencies').catch(() =>
    view(`@livestore/utils@${version}`, 'peerDependencies'),
  )
}

const writeManifest = (dir: string, dependencies: Record<string, string>, overrides: Record<string, string>) => {
  mkdirSync(dir, { recursive: true })
  const manifest = { name: 'livestore-under-test', private: true, dependencies, overrides }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
}

const installPublished = async (version: string, progress: (line: string) => void): Promise<LivestoreTarget> => {
  assertPublished(await publishedVersions(), version)
  const install: CachedBuild = await cachedBuild(`livestore-${version}`, contentHash([], version), async (dir) => {
    const pins = await peerPins(version, CACHE_DIR)
    const dependencies = Object.fromEntries(LIVESTORE_PACKAGES.map((name) => [name, version]))
    writeManifest(dir, { ...pins, ...dependencies }, pins)
    await npm(['install', '--no-audit', '--no-fund', '--loglevel=error'], dir)
  })
  progress(
    `LiveStore ${version}: ${install.cached ? 'installed (cached)' : `installed in ${(install.ms / 1000).toFixed(1)} s`}`,
  )
  return { label: version, version, root: install.dir, buildKey: version }
}

/**
 * A local LiveStore checkout, installed and built (`pnpm install`, `pnpm build`): its packages are
 * linked, not installed, so they keep resolving their dependencies from the checkout's own
 * `node_modules`, and a rebuilt package is picked up by the next run (builds are keyed by content).
 */
const linkLocal = (path: string, progress: (line: string) => void): LivestoreTarget => {
  const checkout = isAbsolute(path) ? path : resolve(process.cwd(), path)
  const packagesDir = join(checkout, 'packages', '@livestore')
  const missing = LIVESTORE_PACKAGES.find((name) => !existsSync(join(checkout, 'packages', name, 'dist')))
  if (missing !== undefined) {
    throw new LivestoreVersionError(
      `${checkout} is not a built LiveStore checkout: ${join(checkout, 'packages', missing, 'dist')} is missing`,
    )
  }
  const version = readVersion(join(checkout, 'packages', '@livestore', 'livestore', 'package.json'))
  const root = join(CACHE_DIR, `livestore-local-${contentHash([], checkout)}`)
  const linkDir = join(root, 'node_modules', '@livestore')
  rmSync(linkDir, { recursive: true, force: true })
  mkdirSync(linkDir, { recursive: true })
  for (const name of readdirSync(packagesDir)) symlinkSync(join(packagesDir, name), join(linkDir, name), 'dir')

  const packages = readdirSync(packagesDir).map((name) => join(packagesDir, name))
  const buildKey = contentHash(
    packages.map((dir) => join(dir, 'dist')).filter((dist) => existsSync(dist)),
    version,
  )
  progress(`LiveStore ${version}: linked from ${checkout}`)
  return { label: `local:${checkout}`, version, root, buildKey }
}

const looksLikePath = (spec: string) => spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('~')

/**
 * Resolves `--livestore` / `LIVESTORE_VERSION`: unset or the repository's own version → the
 * installed one; another version → installed once into the cache; a path → a local checkout.
 */
export const resolveLivestore = async (
  spec: string | undefined,
  progress: (line: string) => void = () => undefined,
): Promise<LivestoreTarget> => {
  const fallback = defaultTarget()
  if (spec === undefined || spec === '' || spec === fallback.version) return fallback
  if (looksLikePath(spec)) return linkLocal(spec, progress)
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) {
    throw new LivestoreVersionError(`'${spec}' is neither a LiveStore version (like 0.4.0-dev.22) nor a path`)
  }
  mkdirSync(CACHE_DIR, { recursive: true })
  return installPublished(spec, progress)
}
