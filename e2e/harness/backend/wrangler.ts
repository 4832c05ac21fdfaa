import { cpSync, rmSync } from 'node:fs'
import { type ChildOptions, runChild } from '../base/child-process.ts'
import { prepareBuilds } from '../build/builds.ts'
import { resolveLivestore } from '../livestore/resolve-target.ts'
import { CACHE_DIR, repoPath } from '../paths.ts'
import { WRANGLER_CONFIG_PATH } from './wrangler-config.ts'

/** Where `worker/wrangler.jsonc` serves the app from (its `assets.directory`). */
const ASSETS_DIR = repoPath('apps/linearlite/dist')
/** `wrangler dev`'s Durable Object storage: kept across runs, out of the worker's folder. */
export const WRANGLER_STATE_DIR = `${CACHE_DIR}/wrangler-state`

/**
 * Puts the app where wrangler.jsonc serves it from: the harness's build (cached) against the
 * repository's LiveStore, the one wrangler bundles the worker with.
 */
export const placeAppForWrangler = async (tracepoints: boolean, progress: (line: string) => void): Promise<void> => {
  const target = await resolveLivestore({ livestore: '', patches: [] }, progress)
  const { app } = await prepareBuilds(target, { tracepoints, progress })
  rmSync(ASSETS_DIR, { recursive: true, force: true })
  cpSync(app.dir, ASSETS_DIR, { recursive: true })
}

/** The pinned wrangler on `worker/wrangler.jsonc`, in a process group of its own; its exit code. */
export const runWrangler = (args: readonly string[], options: ChildOptions = {}): Promise<number> =>
  runChild(repoPath('node_modules/.bin/wrangler'), [...args, '--config', WRANGLER_CONFIG_PATH], {
    ...options,
    // No usage metrics: the machines this runs on may reach nothing but the npm registry.
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...options.env },
  })
