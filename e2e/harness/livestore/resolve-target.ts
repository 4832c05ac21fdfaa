import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { type CachedBuild, cachedBuild, contentHash } from '../base/content-cache.ts'
import { CACHE_DIR, REPO_ROOT } from '../paths.ts'
import { linkCheckout } from './checkout.ts'
import { livestorePackageDirs, treeFingerprint } from './fingerprint.ts'
import { applyPatches, checkPatchTargets, type ParsedPatch, PatchError, parsePatch } from './patches.ts'
import { assertPublished, LIVESTORE_PACKAGES, LivestoreVersionError, publishedVersions } from './published-versions.ts'
import { type LivestoreRequest, type LivestoreTarget, targetLabel } from './target.ts'

export type { LivestoreTarget } from './target.ts'

const run = promisify(execFile)

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
export const repositoryVersion = (): string =>
  readVersion(join(REPO_ROOT, 'node_modules/@livestore/livestore/package.json'))

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

/** Bundlers resolve the harness's imports as if made from `<dir>/package.json` (bundler-plugins.ts): it must exist. */
const writeManifest = (dir: string, fields: Record<string, unknown>) => {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, ...fields }, null, 2)}\n`)
}

type Progress = (line: string) => void

const installPublished = async (version: string, progress: Progress): Promise<string> => {
  assertPublished(await publishedVersions(), version)
  const install: CachedBuild = await cachedBuild(`livestore-${version}`, contentHash([], version), async (dir) => {
    const pins = await peerPins(version, CACHE_DIR)
    const dependencies = Object.fromEntries(LIVESTORE_PACKAGES.map((name) => [name, version]))
    writeManifest(dir, { name: 'livestore-under-test', dependencies: { ...pins, ...dependencies }, overrides: pins })
    await npm(['install', '--no-audit', '--no-fund', '--loglevel=error'], dir)
  })
  progress(
    `LiveStore ${version}: ${install.cached ? 'installed (cached)' : `installed in ${(install.ms / 1000).toFixed(1)} s`}`,
  )
  return install.dir
}

/**
 * A version's install with the patches applied, cached by the version and the patches' content:
 * its `@livestore/*` packages copied (they must resolve each other inside the copy), every other
 * dependency linked to the version's install.
 */
const patchedInstall = async (
  base: string,
  version: string,
  patches: readonly ParsedPatch[],
  progress: Progress,
): Promise<string> => {
  const key = contentHash([], `${version}:${patches.map((patch) => patch.hash).join(',')}`)
  const install = await cachedBuild(`livestore-${version}-patched`, key, async (dir) => {
    writeManifest(dir, { name: 'livestore-under-test-patched' })
    const modules = join(dir, 'node_modules')
    mkdirSync(modules)
    for (const entry of readdirSync(join(base, 'node_modules'))) {
      const source = join(base, 'node_modules', entry)
      if (entry === '@livestore') cpSync(source, join(modules, entry), { recursive: true, dereference: true })
      else symlinkSync(source, join(modules, entry))
    }
    await applyPatches(dir, patches, version)
  })
  progress(`LiveStore ${version}: ${patches.length} patch(es) ${install.cached ? 'applied (cached)' : 'applied'}`)
  return install.dir
}

const looksLikePath = (spec: string) => spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('~')

const absolute = (path: string) => (isAbsolute(path) ? path : resolve(process.cwd(), path))

/**
 * Resolves what was asked (`--livestore`, `--patch`) into the one record the run passes around:
 * nothing or the repository's own version → its install; another version → installed once into
 * the cache; patches → applied to a copy of that version's packages; a path → a local tree.
 */
export const resolveLivestore = async (
  request: LivestoreRequest,
  progress: Progress = () => undefined,
): Promise<LivestoreTarget> => {
  const spec = request.livestore
  const patches = request.patches.map((path) => parsePatch(absolute(path)))
  if (looksLikePath(spec)) {
    if (patches.length > 0) {
      throw new PatchError(`--patch applies to a published version; ${spec} is a local tree: change the tree instead`)
    }
    const checkout = absolute(spec)
    const linked = linkCheckout(checkout, join(CACHE_DIR, `livestore-checkout-${contentHash([], checkout)}`))
    progress(`LiveStore ${linked.version}: the tree at ${checkout}`)
    return {
      request,
      kind: 'checkout',
      version: linked.version,
      patches: [],
      label: targetLabel('checkout', linked.version, checkout, []),
      root: linked.root,
      ...(linked.commit === undefined ? {} : { commit: linked.commit }),
      fingerprint: treeFingerprint(linked.dirs),
    }
  }
  const repository = repositoryVersion()
  const version = spec === '' ? repository : spec
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
    throw new LivestoreVersionError(`'${spec}' is neither a LiveStore version (like 0.4.0-dev.22) nor a path`)
  }
  mkdirSync(CACHE_DIR, { recursive: true })
  const kind = version === repository ? 'repository' : 'published'
  const base = kind === 'repository' ? REPO_ROOT : await installPublished(version, progress)
  for (const patch of patches) checkPatchTargets(patch, base, version)
  const root = patches.length === 0 ? base : await patchedInstall(base, version, patches, progress)
  const applied = patches.map(({ path, hash }) => ({ path, hash }))
  return {
    request,
    kind,
    version,
    patches: applied,
    label: targetLabel(kind, version, root, applied),
    root,
    fingerprint: treeFingerprint(livestorePackageDirs(root)),
  }
}
