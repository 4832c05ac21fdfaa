import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const repoPath = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url))

/** Builds and installs live here: untracked, and kept across `npm ci`. */
export const CACHE_DIR = repoPath('.cache/harness')
