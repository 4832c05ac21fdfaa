import { KnownError } from '../base/known-errors.ts'
import { type BundledLivestore, describeBundled, type LivestoreTarget } from '../livestore/target.ts'
import { TARGET_FILES } from '../livestore/tracepoints/instrument.ts'
import { buildApp } from './app-build.ts'
import type { Build } from './build-record.ts'
import { bundleWorker } from './worker-bundle.ts'

export interface PreparedBuilds {
  worker: Build
  app: Build
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** A build that failed against the LiveStore under test: one line, naming the step, the version and the first error. */
export class BuildError extends KnownError {}

interface BundlerMessage {
  text?: string
  location?: { file: string; line: number } | null
  /** Rolldown's instead of `text`: styled, over several lines. */
  message?: string
  /** A plugin's failed inner build (Vite's worker bundles) nests its own. */
  errors?: BundlerMessage[]
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters
const ANSI_STYLE = /\u001b\[[\d;]*m/g

/** esbuild and Rolldown put the telling part in `errors[0]`, Rollup in `message` after a generic first line. */
const firstProblem = (error: unknown): string => {
  const [first] = (error as { errors?: BundlerMessage[] }).errors ?? []
  if (first?.errors !== undefined) return firstProblem(first)
  if (first?.text !== undefined) {
    return first.location == null ? first.text : `${first.location.file}:${first.location.line}: ${first.text}`
  }
  if (first?.message !== undefined) return first.message.replace(ANSI_STYLE, '').split('\n')[0] ?? 'unknown error'
  const lines = (error instanceof Error ? error.message : String(error)).split('\n').map((line) => line.trim())
  return lines.find((line) => line !== '' && !/^Build failed/.test(line)) ?? 'unknown error'
}

/**
 * Every LiveStore package a build bundled must be the target's own, by content: a build that
 * bundled another copy (a resolution that fell back to the repository's) would judge the wrong
 * code, and a fix would read "still stalls". Both sides are checked, so they cannot differ.
 */
export const assertReached = (side: string, bundled: BundledLivestore, target: LivestoreTarget): void => {
  const [source] = bundled.sources
  if (source !== undefined) {
    throw new BuildError(
      `${side} bundled LiveStore's TypeScript sources (${bundled.sources.length} files, first ${source}), not its built files: the tree's manifests point at src/ and no publishConfig says otherwise`,
    )
  }
  for (const [key, found] of Object.entries(bundled.packages)) {
    const expected = target.fingerprint.packages[key]
    if (expected?.hash === found.hash) continue
    const wanted = expected === undefined ? `which has no ${key}` : `whose ${key} is #${expected.hash}`
    throw new BuildError(
      `${side} bundled ${key} #${found.hash} from ${bundled.dirs[key]}, not from LiveStore ${target.label} (${wanted})`,
    )
  }
}

/** The worker bundle and the app build, from cache when their inputs are unchanged; one progress line each. */
export const prepareBuilds = async (
  target: LivestoreTarget,
  { tracepoints, progress = () => undefined }: { tracepoints: boolean; progress?: (line: string) => void },
): Promise<PreparedBuilds> => {
  const step = async (label: string, run: () => Promise<Build>) => {
    const result = await run().catch((error: unknown) => {
      throw new BuildError(`${label} failed against LiveStore ${target.label}: ${firstProblem(error)}`)
    })
    assertReached(label, result.bundled, target)
    progress(
      `${label}: ${result.cached ? 'cached' : `built in ${seconds(result.ms)}`}; ${describeBundled(result.bundled)}`,
    )
    for (const { point, file, reason } of result.unplacedTracepoints) {
      progress(`  tracepoint ${point} (${TARGET_FILES[file]}) not placed: ${reason}; the run goes on without it`)
    }
    return result
  }
  const worker = await step('worker bundle', () => bundleWorker(target, tracepoints))
  const app = await step('app build', () => buildApp(target, tracepoints))
  return { worker, app }
}
