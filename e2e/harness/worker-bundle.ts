import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { build } from 'esbuild'
import { type CachedBuild, cachedBuild, contentHash } from './build-cache.ts'
import { repoPath } from './paths.ts'

export const WORKER_ENTRY = 'index.js'

/**
 * Bundles `worker/` for workerd the way wrangler does: esbuild, workerd conditions, node built-ins
 * left to the `nodejs_compat` flag.
 */
export const esbuildWorker = async (outDir: string): Promise<void> => {
  await build({
    entryPoints: [repoPath('worker/src/index.ts')],
    outfile: join(outDir, WORKER_ENTRY),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    external: ['cloudflare:*', 'node:*', ...builtinModules],
    logLevel: 'silent',
  })
}

/** The worker bundle, cached by the content of the worker, the shared code and the lockfile. */
export const bundleWorker = (): Promise<CachedBuild> =>
  cachedBuild(
    'worker',
    contentHash([repoPath('worker'), repoPath('apps/shared'), repoPath('package-lock.json')]),
    esbuildWorker,
  )
