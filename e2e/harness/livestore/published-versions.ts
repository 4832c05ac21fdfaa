import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { KnownError } from '../base/known-errors.ts'
import { compareVersions, OLDEST_SUPPORTED } from './traits.ts'

const run = promisify(execFile)

/** The LiveStore packages the app and the worker import; everything else comes with them. */
export const LIVESTORE_PACKAGES = [
  '@livestore/livestore',
  '@livestore/adapter-web',
  '@livestore/sync-cf',
  '@livestore/utils',
]

export class LivestoreVersionError extends KnownError {}

const VIEW_TIMEOUT_MS = 60_000

/** For each package the app and the worker import, the versions npm has of it. */
export type PublishedVersions = ReadonlyMap<string, ReadonlySet<string>>

const versionsOf = async (name: string): Promise<ReadonlySet<string>> => {
  const { stdout } = await run('npm', ['view', name, 'versions', '--json'], { timeout: VIEW_TIMEOUT_MS }).catch(
    (error: unknown) => {
      throw new LivestoreVersionError(`npm view ${name} versions failed: ${String(error).split('\n')[0]}`)
    },
  )
  const parsed: unknown = JSON.parse(stdout)
  return new Set(Array.isArray(parsed) ? parsed.map(String) : [String(parsed)])
}

let asked: Promise<PublishedVersions> | undefined

/** One `npm view` per package, once per process: which LiveStore versions npm can install, package by package. */
export const publishedVersions = (): Promise<PublishedVersions> => {
  asked ??= Promise.all(LIVESTORE_PACKAGES.map(async (name) => [name, await versionsOf(name)] as const)).then(
    (entries) => new Map(entries),
  )
  return asked
}

/** The packages npm lacks at `version`: a LiveStore release is usable only when it ships all of them. */
export const missingPackages = (published: PublishedVersions, version: string): string[] =>
  LIVESTORE_PACKAGES.filter((name) => !published.get(name)?.has(version))

/** Every version any of the packages was published at, from the oldest the harness supports on, oldest first. */
export const versionsInRange = (published: PublishedVersions): string[] =>
  [...new Set([...published.values()].flatMap((versions) => [...versions]))]
    .filter((version) => /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version))
    .filter((version) => compareVersions(version, OLDEST_SUPPORTED) >= 0)
    .sort(compareVersions)

/** The one-line error for a version npm cannot install in full, naming the missing packages. */
export const assertPublished = (published: PublishedVersions, version: string): void => {
  const missing = missingPackages(published, version)
  if (missing.length === LIVESTORE_PACKAGES.length) {
    throw new LivestoreVersionError(
      `LiveStore ${version} is not published on npm (see \`npm view @livestore/livestore versions\`)`,
    )
  }
  if (missing.length > 0) {
    throw new LivestoreVersionError(
      `LiveStore ${version} is not published in full: npm has no ${missing.map((name) => `${name}@${version}`).join(', ')}`,
    )
  }
}

/** The versions npm can install in full, oldest first: what the bisect walks. */
export const installableVersions = async (): Promise<string[]> => {
  const published = await publishedVersions()
  return versionsInRange(published).filter((version) => missingPackages(published, version).length === 0)
}
