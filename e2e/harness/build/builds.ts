import type { LivestoreTarget } from '../livestore/resolve-target.ts'
import { buildApp } from './app-build.ts'
import type { CachedBuild } from './build-cache.ts'
import { bundleWorker } from './worker-bundle.ts'

export interface PreparedBuilds {
  worker: CachedBuild
  app: CachedBuild
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** A build that failed against the LiveStore under test: one line, naming the step, the version and the first error. */
export class BuildError extends Error {}

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

/** The worker bundle and the app build, from cache when their inputs are unchanged; one progress line each. */
export const prepareBuilds = async (
  target: LivestoreTarget,
  { tracepoints, progress = () => undefined }: { tracepoints: boolean; progress?: (line: string) => void },
): Promise<PreparedBuilds> => {
  const step = async (label: string, run: () => Promise<CachedBuild>) => {
    const result = await run().catch((error: unknown) => {
      throw new BuildError(`${label} failed against LiveStore ${target.label}: ${firstProblem(error)}`)
    })
    progress(`${label}: ${result.cached ? 'cached' : `built in ${seconds(result.ms)}`}`)
    return result
  }
  const worker = await step('worker bundle', () => bundleWorker(target))
  const app = await step('app build', () => buildApp(target, tracepoints))
  return { worker, app }
}
