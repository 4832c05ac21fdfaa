import { build } from 'vite'
import { type CachedBuild, cachedBuild, contentHash } from './build-cache.ts'
import { repoPath } from './paths.ts'

/** Builds the LinearLite app for production, cached by the app's sources and the lockfile. */
export const buildApp = (): Promise<CachedBuild> =>
  cachedBuild(
    'app',
    contentHash([repoPath('apps/linearlite'), repoPath('apps/shared'), repoPath('package-lock.json')]),
    async (dir) => {
      await build({
        configFile: repoPath('apps/linearlite/vite.config.ts'),
        build: { outDir: dir },
        logLevel: 'warn',
      })
    },
  )
