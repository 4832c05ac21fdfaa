import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { build } from 'esbuild'
import { type LivestoreWorkerApi, WORKER_API_DEFINE } from '../../../apps/contract/livestore-api.ts'
import { contentHash } from '../base/content-cache.ts'
import { esbuildInputs, livestoreEsbuildResolver } from '../livestore/bundler-plugins.ts'
import { bundledFingerprint } from '../livestore/fingerprint.ts'
import type { LivestoreTarget } from '../livestore/target.ts'
import { traitsOf } from '../livestore/traits.ts'
import { repoPath } from '../paths.ts'
import { BUILD_CODE, type Build, recordedBuild, writeBuildRecord } from './build-record.ts'

export const WORKER_ENTRY = 'index.js'

/**
 * Bundles `worker/` for workerd the way wrangler does (esbuild, workerd conditions, node built-ins
 * left to the `nodejs_compat` flag), against the LiveStore under test: the Durable Object and
 * its clients must be the same version. Records what it bundled of LiveStore.
 */
export const esbuildWorker = async (outDir: string, target: LivestoreTarget): Promise<void> => {
  const { syncRequests, rpcTransports } = traitsOf(target.version)
  const api: LivestoreWorkerApi = { syncRequests, rpcTransports }
  const { metafile } = await build({
    metafile: true,
    define: { [WORKER_API_DEFINE]: JSON.stringify(api) },
    entryPoints: [repoPath('worker/src/index.ts')],
    outfile: join(outDir, WORKER_ENTRY),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    external: ['cloudflare:*', 'node:*', ...builtinModules],
    plugins: [livestoreEsbuildResolver(target)],
    logLevel: 'silent',
  })
  writeBuildRecord(outDir, { bundled: bundledFingerprint(esbuildInputs(metafile)), unplacedTracepoints: [] })
}

/** The worker bundle, cached by the worker's sources, the shared code, the harness's build code and the LiveStore under test's content. */
export const bundleWorker = (target: LivestoreTarget): Promise<Build> =>
  recordedBuild(
    'worker',
    contentHash(
      [repoPath('worker'), repoPath('apps/contract'), ...BUILD_CODE],
      `${target.kind}:${target.fingerprint.hash}:${JSON.stringify(traitsOf(target.version))}`,
    ),
    (dir) => esbuildWorker(dir, target),
  )
