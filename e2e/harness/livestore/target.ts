import { Schema } from 'effect'

/**
 * The LiveStore under test, as one record: resolved once by the global setup and passed whole
 * through the options, the fixtures, the verdict and the report.
 */

/** What a user asks for: `--livestore <version|path>` (empty for the repository's own) and `--patch <file>`s. */
export const LivestoreRequest = Schema.Struct({
  livestore: Schema.String,
  patches: Schema.Array(Schema.String),
})
export type LivestoreRequest = typeof LivestoreRequest.Type

/** One package as it went into a build: its declared version and a hash of its files (paths relative to it). */
export const PackageFingerprint = Schema.Struct({ version: Schema.String, hash: Schema.String })
export type PackageFingerprint = typeof PackageFingerprint.Type

/** The `@livestore/*` packages of a tree or of a build, by `name@version`, and one hash over all of them. */
export const LivestoreFingerprint = Schema.Struct({
  packages: Schema.Record({ key: Schema.String, value: PackageFingerprint }),
  hash: Schema.String,
})
export type LivestoreFingerprint = typeof LivestoreFingerprint.Type

/** What one build (the app with its workers, or the Durable Object's worker) bundled of LiveStore. */
export const BundledLivestore = Schema.Struct({
  ...LivestoreFingerprint.fields,
  /** How many of the bundle's files were LiveStore's. */
  files: Schema.Number,
  /**
   * LiveStore's TypeScript sources the bundle took instead of what the packages publish (a tree
   * whose manifests point at `src/`): none in a build that judges the built code.
   */
  sources: Schema.Array(Schema.String),
  /** Where each package was read from: the folder to name when it is not the LiveStore under test's. */
  dirs: Schema.Record({ key: Schema.String, value: Schema.String }),
})
export type BundledLivestore = typeof BundledLivestore.Type

export const AppliedPatch = Schema.Struct({
  /** As given, made absolute. */
  path: Schema.String,
  /** A hash of its content: part of the patched install's cache key. */
  hash: Schema.String,
})
export type AppliedPatch = typeof AppliedPatch.Type

export const LivestoreTarget = Schema.Struct({
  /** What was asked, as given. */
  request: LivestoreRequest,
  /** The repository's own install, a published version installed on demand, or a local checkout. */
  kind: Schema.Literal('repository', 'published', 'checkout'),
  /** The published version it starts from (a checkout: the version its `@livestore/livestore` declares). */
  version: Schema.String,
  patches: Schema.Array(AppliedPatch),
  /** How verdicts and tables name it: `0.4.0`, `0.4.0+fix.patch`, `local:<path>`. */
  label: Schema.String,
  /** The folder whose `node_modules/@livestore/*` the app and the worker are built against. */
  root: Schema.String,
  /** A checkout's git HEAD, when it is a git work tree. */
  commit: Schema.optional(Schema.String),
  /** Its `@livestore/*` packages: what every build against it must have bundled. */
  fingerprint: LivestoreFingerprint,
})
export type LivestoreTarget = typeof LivestoreTarget.Type

const basename = (path: string) => path.split('/').filter(Boolean).at(-1) ?? path

export const targetLabel = (
  kind: LivestoreTarget['kind'],
  version: string,
  root: string,
  patches: readonly AppliedPatch[],
) => (kind === 'checkout' ? `local:${root}` : version) + patches.map((patch) => `+${basename(patch.path)}`).join('')

/** The command-line flags that ask for this LiveStore again (for replay commands). */
export const livestoreFlags = ({ request }: LivestoreTarget): string =>
  [
    ...(request.livestore === '' ? [] : [`--livestore ${request.livestore}`]),
    ...request.patches.map((patch) => `--patch ${patch}`),
  ].join(' ')

/** One line for headers: the label, and the fingerprint it was built from. */
export const describeTarget = (target: LivestoreTarget): string =>
  `${target.label}${target.commit === undefined ? '' : ` (commit ${target.commit.slice(0, 12)})`}, @livestore/* #${target.fingerprint.hash}`

/** `@livestore/{adapter-web,common,…} 0.4.0, 812 files #…`: what a build bundled, in one line. */
export const describeBundled = (bundled: BundledLivestore): string => {
  const keys = Object.keys(bundled.packages).sort()
  const names = [...new Set(keys.map((key) => key.replace(/^@livestore\/(.*)@[^@]*$/, '$1')))]
  const versions = [...new Set(keys.map((key) => bundled.packages[key]?.version))].join(', ')
  return `@livestore/{${names.join(',')}} ${versions}, ${bundled.files} files #${bundled.hash}`
}
