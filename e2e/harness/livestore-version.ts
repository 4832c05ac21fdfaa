import { readFileSync } from 'node:fs'
import { repoPath } from './paths.ts'

/** The LiveStore version the app and the worker are built against. */
export const installedLivestoreVersion = (): string =>
  (JSON.parse(readFileSync(repoPath('node_modules/@livestore/livestore/package.json'), 'utf8')) as { version: string })
    .version
