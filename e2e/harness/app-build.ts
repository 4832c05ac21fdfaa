import { build } from 'vite'
import { type CachedBuild, cachedBuild, contentHash } from './build-cache.ts'
import { repoPath } from './paths.ts'

/** A production build of the LinearLite app into `outDir`. */
export const viteBuildApp = async (outDir: string): Promise<void> => {
  await build({ configFile: repoPath('apps/linearlite/vite.config.ts'), build: { outDir }, logLevel: 'warn' })
}

/** The app build, cached by the app's sources and the lockfile. */
export const buildApp = (): Promise<CachedBuild> =>
  cachedBuild(
    'app',
    contentHash([repoPath('apps/linearlite'), repoPath('apps/shared'), repoPath('package-lock.json')]),
    viteBuildApp,
  )
