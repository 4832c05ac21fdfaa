import { API_DEFINE, type LivestoreAppApi } from '../../../apps/contract/livestore-api.ts'
import { contentHash } from '../base/content-cache.ts'
import { bundledModulesPlugin, livestoreViteResolver } from '../livestore/bundler-plugins.ts'
import { bundledFingerprint } from '../livestore/fingerprint.ts'
import type { LivestoreTarget } from '../livestore/target.ts'
import { hasTracepointTable } from '../livestore/tracepoints/instrument.ts'
import {
  everyPoint,
  TracepointPlacement,
  tracepointsHash,
  tracepointsPlugin,
} from '../livestore/tracepoints/vite-plugin.ts'
import { traitsOf } from '../livestore/traits.ts'
import { repoPath } from '../paths.ts'
import { BUILD_CODE, type Build, recordedBuild, writeBuildRecord } from './build-record.ts'

/**
 * A production build of the LinearLite app into `outDir`, against the LiveStore under test and
 * with its tracepoints; records what it bundled of LiveStore and the tracepoints that found no place. Workers get their own plugin list
 * in Vite, and the leader lives in one.
 */
export const viteBuildApp = async (outDir: string, target: LivestoreTarget, tracepoints = true): Promise<void> => {
  const modules = new Set<string>()
  const placement = tracepoints ? new TracepointPlacement(target.version) : undefined
  const plugins = () => [
    livestoreViteResolver(target),
    bundledModulesPlugin(modules),
    ...(placement === undefined ? [] : [tracepointsPlugin(placement)]),
  ]
  const { subscribeTakesOptions, hasNetworkStatus, wsSyncFactory, syncStatesAnswers } = traitsOf(target.version)
  const api: LivestoreAppApi = { subscribeTakesOptions, hasNetworkStatus, wsSyncFactory, syncStatesAnswers }
  // Loaded here, not at import: every test process imports this module, and most runs find the build cached.
  const { build } = await import('vite')
  await build({
    define: { [API_DEFINE]: JSON.stringify(api) },
    configFile: repoPath('apps/linearlite/vite.config.ts'),
    build: { outDir },
    plugins: plugins(),
    worker: { plugins },
    logLevel: 'warn',
  })
  const unplacedTracepoints =
    placement?.unplaced() ??
    (hasTracepointTable(target.version) ? everyPoint(target.version, 'the app was built without tracepoints') : [])
  writeBuildRecord(outDir, { bundled: bundledFingerprint(modules), unplacedTracepoints })
}

/** The app build, cached by the app's sources, the harness's build code, the LiveStore under test's content and the tracepoint tables. */
export const buildApp = (target: LivestoreTarget, tracepoints = true): Promise<Build> =>
  recordedBuild(
    'app',
    contentHash(
      [repoPath('apps/linearlite'), repoPath('apps/contract'), ...BUILD_CODE],
      `${target.kind}:${target.fingerprint.hash}:${JSON.stringify(traitsOf(target.version))}:${tracepoints ? tracepointsHash() : 'no-tracepoints'}`,
    ),
    (dir) => viteBuildApp(dir, target, tracepoints),
  )
