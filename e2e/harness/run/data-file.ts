import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { REPO_ROOT } from '../paths.ts'

/** A malformed fixture: the message names the file and the field, on one line. */
export class FixtureError extends Error {}

/**
 * A fixture file's JSON, and the `fail` its checks use: every problem is a one-line
 * `FixtureError` that starts with the file's path in the repository.
 */
export const parseFixtureJson = (text: string, path: string): { raw: unknown; fail: (what: string) => never } => {
  const name = relative(REPO_ROOT, path) || path
  const fail = (what: string): never => {
    throw new FixtureError(`${name}: ${what}`)
  }
  try {
    return { raw: JSON.parse(text), fail }
  } catch (error) {
    return fail(`not valid JSON (${error instanceof Error ? error.message : String(error)})`)
  }
}

export const readFixtureFile = (path: string): string => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    throw new FixtureError(`${relative(REPO_ROOT, path) || path}: cannot be read`)
  }
}
