import { buildApp } from './app-build.ts'
import type { CachedBuild } from './build-cache.ts'
import { readConfig } from './config.ts'
import type { LivestoreTarget } from './livestore-install.ts'
import { bundleWorker } from './worker-bundle.ts'

export interface PreparedBuilds {
  worker: CachedBuild
  app: CachedBuild
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** The worker bundle and the app build, from cache when their inputs are unchanged; one progress line each. */
export const prepareBuilds = async (
  target: LivestoreTarget,
  progress: (line: string) => void = () => undefined,
): Promise<PreparedBuilds> => {
  const step = async (label: string, run: () => Promise<CachedBuild>) => {
    const result = await run()
    progress(`${label}: ${result.cached ? 'cached' : `built in ${seconds(result.ms)}`}`)
    return result
  }
  const worker = await step('worker bundle', () => bundleWorker(target))
  const app = await step('app build', () => buildApp(target, readConfig().tracepoints))
  return { worker, app }
}
