import { builtinModules } from 'node:module'
import { join } from 'node:path'
import type { Plugin as EsbuildPlugin } from 'esbuild'
import { type LivestoreWorkerApi, WORKER_API_DEFINE } from '../../../apps/contract/livestore-api.ts'
import { contentHash } from '../base/content-cache.ts'
import { esbuildInputs, livestoreEsbuildResolver } from '../livestore/bundler-plugins.ts'
import { bundledFingerprint } from '../livestore/fingerprint.ts'
import type { LivestoreTarget } from '../livestore/target.ts'
import { tracepointsEsbuildPlugin } from '../livestore/tracepoints/esbuild-plugin.ts'
import { TracepointPlacement, tracepointsHash } from '../livestore/tracepoints/vite-plugin.ts'
import { traitsOf } from '../livestore/traits.ts'
import { repoPath } from '../paths.ts'
import { BUILD_CODE, type Build, recordedBuild, writeBuildRecord } from './build-record.ts'

export const WORKER_ENTRY = 'index.js'

const CLOUDFLARE_ADAPTER = /^@livestore\/adapter-cloudflare$/

/** A version without the adapter: its one import is the worker's refusal (a replica is not applicable there). */
const withoutCloudflareAdapter: EsbuildPlugin = {
  name: 'without-cloudflare-adapter',
  setup(build) {
    build.onResolve({ filter: CLOUDFLARE_ADAPTER }, () => ({ path: repoPath('worker/src/no-cloudflare-adapter.ts') }))
  },
}

/**
 * Bundles `worker/` for workerd the way wrangler does (esbuild, workerd conditions, node built-ins
 * left to the `nodejs_compat` flag), against the LiveStore under test: the Durable Object and
 * its clients must be the same version. Records what it bundled of LiveStore.
 */
export const esbuildWorker = async (outDir: string, target: LivestoreTarget, tracepoints: boolean): Promise<void> => {
  // Only a replica runs LiveStore's sync processors in the worker: where it can, they are instrumented like the app's.
  const placement =
    tracepoints && traitsOf(target.version).cloudflareAdapter ? new TracepointPlacement(target.version) : undefined
  const { syncRequests, rpcTransports, cloudflareAdapter } = traitsOf(target.version)
  const api: LivestoreWorkerApi = { syncRequests, rpcTransports }
  // Loaded here, not at import: every test process imports this module, and most runs find the bundle cached.
  const { build } = await import('esbuild')
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
    // The replica's wa-sqlite module: imported as a compiled module, as workerd wants it.
    loader: { '.wasm': 'copy' },
    plugins: [
      ...(cloudflareAdapter ? [] : [withoutCloudflareAdapter]),
      ...(placement === undefined ? [] : [tracepointsEsbuildPlugin(placement)]),
      livestoreEsbuildResolver(target),
    ],
    logLevel: 'silent',
  })
  writeBuildRecord(outDir, {
    bundled: bundledFingerprint(esbuildInputs(metafile)),
    unplacedTracepoints: placement?.unplaced() ?? [],
  })
}

/** The worker bundle, cached by the worker's sources, the shared code, the harness's build code and the LiveStore under test's content. */
export const bundleWorker = (target: LivestoreTarget, tracepoints: boolean): Promise<Build> =>
  recordedBuild(
    'worker',
    contentHash(
      [repoPath('worker'), repoPath('apps'), ...BUILD_CODE],
      `${target.kind}:${target.fingerprint.hash}:${JSON.stringify(traitsOf(target.version))}:${tracepoints ? tracepointsHash() : 'no-tracepoints'}`,
    ),
    (dir) => esbuildWorker(dir, target, tracepoints),
  )
