import { build } from 'vite'
import { API_DEFINE, type LivestoreAppApi } from '../../../apps/contract/livestore-api.ts'
import { livestoreViteResolver } from '../livestore/bundler-plugins.ts'
import type { LivestoreTarget } from '../livestore/resolve-target.ts'
import { tracepointsHash, tracepointsPlugin } from '../livestore/tracepoints/vite-plugin.ts'
import { traitsOf } from '../livestore/traits.ts'
import { repoPath } from '../paths.ts'
import { type CachedBuild, cachedBuild, contentHash } from './build-cache.ts'

/**
 * A production build of the LinearLite app into `outDir`, against the LiveStore under test and
 * with its tracepoints. Workers get their own plugin list in Vite, and the leader lives in one.
 */
export const viteBuildApp = async (outDir: string, target: LivestoreTarget, tracepoints = true): Promise<void> => {
  const plugins = () => [livestoreViteResolver(target), ...(tracepoints ? [tracepointsPlugin(target.version)] : [])]
  const { subscribeTakesOptions, hasNetworkStatus, wsSyncFactory, syncStatesAnswers } = traitsOf(target.version)
  const api: LivestoreAppApi = { subscribeTakesOptions, hasNetworkStatus, wsSyncFactory, syncStatesAnswers }
  await build({
    define: { [API_DEFINE]: JSON.stringify(api) },
    configFile: repoPath('apps/linearlite/vite.config.ts'),
    build: { outDir },
    plugins: plugins(),
    worker: { plugins },
    logLevel: 'warn',
  })
}

/** The app build, cached by the app's sources, the lockfile, the LiveStore under test and the tracepoint tables. */
export const buildApp = (target: LivestoreTarget, tracepoints = true): Promise<CachedBuild> =>
  cachedBuild(
    'app',
    contentHash(
      [repoPath('apps/linearlite'), repoPath('apps/contract'), repoPath('package-lock.json')],
      `${target.label}@${target.buildKey}:${JSON.stringify(traitsOf(target.version))}:${tracepoints ? tracepointsHash() : 'no-tracepoints'}`,
    ),
    (dir) => viteBuildApp(dir, target, tracepoints),
  )
