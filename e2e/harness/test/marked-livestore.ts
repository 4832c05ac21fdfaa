import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { livestorePackageDirs } from '../livestore/fingerprint.ts'
import { resolveLivestore } from '../livestore/resolve-target.ts'
import type { LivestoreTarget } from '../livestore/target.ts'
import { CACHE_DIR, repoPath } from '../paths.ts'

/**
 * A LiveStore whose packages log a marker line (`[TMP][marker] livestore-tree {package, file}`)
 * from `@livestore/common` (the session's and the leader's sync processors, the chunking both the
 * leader and the Durable Object use) and `@livestore/sync-cf` (the WebSocket client, the Durable
 * Object's push): the published 0.4.0 with a patch, or the same files laid out as upstream's
 * monorepo is after its build. A build that did not reach every side lacks the marker there.
 */
export const MARKER_PATCH = repoPath('fixtures/patches/livestore-marker-0.4.0.patch')

export const markedByPatch = (): Promise<LivestoreTarget> =>
  resolveLivestore({ livestore: '0.4.0', patches: [MARKER_PATCH] })

/** `./dist/x.js` → `./src/x.ts`: how upstream's manifests point at their sources, the built files in `publishConfig`. */
const toSources = (exports: unknown): unknown => {
  if (typeof exports === 'string') return exports.replace(/^\.\/dist\//, './src/').replace(/\.js$/, '.ts')
  if (exports === null || typeof exports !== 'object') return exports
  return Object.fromEntries(Object.entries(exports).map(([key, value]) => [key, toSources(value)]))
}

/**
 * Upstream's layout after `pnpm install && pnpm build`: `packages/@livestore/<name>/` with its
 * `dist/`, a manifest whose `exports` point at `src/` (the built ones in `publishConfig`), its
 * LiveStore dependencies linked in its own `node_modules` (pnpm's workspace links), everything
 * else in the tree's `node_modules`.
 */
const layOutAsUpstream = (install: string, tree: string): void => {
  rmSync(tree, { recursive: true, force: true })
  const installed = join(install, 'node_modules')
  mkdirSync(join(tree, 'node_modules'), { recursive: true })
  for (const entry of readdirSync(installed)) {
    if (entry !== '@livestore') symlinkSync(join(installed, entry), join(tree, 'node_modules', entry))
  }
  // One folder per package, as in a monorepo: where npm nested a sibling's other version, that is
  // the one LiveStore's packages depend on (the outer one is the harness's own dependency).
  const nesting = (dir: string) => dir.split('/node_modules/').length
  const chosen = new Map(livestorePackageDirs(install).sort(([, a], [, b]) => nesting(a) - nesting(b)))
  for (const [packageName, source] of chosen) {
    const name = packageName.replace('@livestore/', '')
    const dir = join(tree, 'packages', '@livestore', name)
    cpSync(source, dir, {
      recursive: true,
      dereference: true,
      filter: (path) => !path.slice(source.length).includes('node_modules'),
    })
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>
    const { exports, dependencies = {} } = manifest as { exports?: unknown; dependencies?: Record<string, string> }
    if (exports !== undefined) {
      const upstream = { ...manifest, exports: toSources(exports), publishConfig: { access: 'public', exports } }
      writeFileSync(join(dir, 'package.json'), JSON.stringify(upstream, null, 2))
    }
    const links = join(dir, 'node_modules', '@livestore')
    for (const dependency of Object.keys(dependencies).filter((key) => key.startsWith('@livestore/'))) {
      mkdirSync(links, { recursive: true })
      symlinkSync(join('..', '..', '..', dependency.replace('@livestore/', '')), join(links, dependency.slice(11)))
    }
  }
}

export const markedTree = async (): Promise<LivestoreTarget> => {
  const tree = join(CACHE_DIR, 'marked-livestore-tree')
  layOutAsUpstream((await markedByPatch()).root, tree)
  return resolveLivestore({ livestore: tree, patches: [] })
}
