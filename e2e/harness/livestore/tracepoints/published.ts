import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { CACHE_DIR } from '../../paths.ts'
import { TARGET_FILES } from './instrument.ts'
import type { TracepointFile } from './types.ts'

const NPM_DIR = join(CACHE_DIR, 'npm')

/** Moves a finished download or extraction into place, so an interrupted run never leaves a half file. */
const producedIn = (target: string, produce: (tmpDir: string) => string): void => {
  const tmpDir = mkdtempSync(join(NPM_DIR, '.tmp-'))
  try {
    renameSync(produce(tmpDir), target)
  } finally {
    rmSync(tmpDir, { recursive: true, force: true })
  }
}

/**
 * The two target modules of a published `@livestore/common`, as `npm pack` gets them from the
 * registry: tables are checked against what users install, not against LiveStore's sources.
 * The tarball and the extracted files are cached under `.cache/harness/npm/`.
 */
export const publishedDistFile = (version: string, file: TracepointFile): string => {
  mkdirSync(NPM_DIR, { recursive: true })
  const tarball = join(NPM_DIR, `livestore-common-${version}.tgz`)
  if (!existsSync(tarball)) {
    producedIn(tarball, (tmpDir) => {
      execFileSync('npm', ['pack', `@livestore/common@${version}`, '--pack-destination', tmpDir, '--silent'], {
        cwd: tmpDir,
        stdio: 'ignore',
      })
      return join(tmpDir, `livestore-common-${version}.tgz`)
    })
  }
  const extracted = join(NPM_DIR, `livestore-common-${version}`)
  if (!existsSync(extracted)) {
    producedIn(extracted, (tmpDir) => {
      const members = Object.values(TARGET_FILES).map((path) => `package/dist/${path}`)
      execFileSync('tar', ['-xzf', tarball, '-C', tmpDir, ...members])
      return tmpDir
    })
  }
  return readFileSync(join(extracted, 'package/dist', TARGET_FILES[file]), 'utf8')
}
