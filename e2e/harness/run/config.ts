import { isAbsolute, resolve } from 'node:path'
import { KnownError } from '../base/known-errors.ts'
import type { LivestoreRequest } from '../livestore/target.ts'

/**
 * The one place the harness reads its knobs from the environment, with their defaults. The
 * Playwright options take these as defaults; the commands' flags set the variables. A malformed
 * value, or an `E2E_*` or `LIVESTORE_*` variable the harness does not know, or a near miss of any
 * knob's name (a typo must not run with defaults), is a one-line error naming the variable.
 */
export class ConfigError extends KnownError {}

const KNOWN = [
  'E2E_WINDOW_MS',
  'E2E_BOOT_TIMEOUT_MS',
  'E2E_PORT',
  'E2E_HEADED',
  'E2E_TRACEPOINTS',
  'E2E_VERSIONS',
  'E2E_BACKEND_URL',
  'E2E_CONTROL_TOKEN',
  'LIVESTORE_VERSION',
  'LIVESTORE_PATCHES',
  'CHROMIUM_PATH',
  'PORT',
] as const

/** Edits (insertions, deletions, substitutions, swaps of neighbours) between two names. */
const editDistance = (a: string, b: string): number => {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i || j))
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1)
      ;(d[i] as number[])[j] = best
    }
  }
  return at(a.length, b.length)
}

/** The knob a variable's name nearly spells (one edit for short names, two for long), if any. */
export const nearMiss = (name: string): string | undefined =>
  (KNOWN as readonly string[]).find(
    (known) => known !== name && editDistance(name, known) <= (known.length <= 5 ? 1 : 2),
  )

/** Paths on the command line are the user's: relative to where npm was started, not to the repository. */
const userPath = (path: string) => (isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path))

/** LIVESTORE_VERSION (a version, or a path: starts with `.`, `/` or `~`) and LIVESTORE_PATCHES (one file a line). */
const livestoreRequest = (): LivestoreRequest => {
  const livestore = process.env.LIVESTORE_VERSION?.trim() ?? ''
  const patches = (process.env.LIVESTORE_PATCHES ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
  return { livestore: /^[./~]/.test(livestore) ? userPath(livestore) : livestore, patches: patches.map(userPath) }
}

const integer = (name: (typeof KNOWN)[number], fallback: number, min: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError(`${name} must be an integer ≥ ${min}, got '${raw}'`)
  return value
}

const choice = <A>(name: (typeof KNOWN)[number], values: Record<string, A>, fallback: A): A => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  if (!(raw in values)) throw new ConfigError(`${name} must be one of ${Object.keys(values).join(', ')}, got '${raw}'`)
  return values[raw] as A
}

const versionList = (raw: string | undefined): string[] | undefined => {
  if (raw === undefined || raw.trim() === '') return undefined
  const versions = raw.split(',').map((version) => version.trim())
  if (versions.some((version) => version === '')) throw new ConfigError(`E2E_VERSIONS has an empty entry: '${raw}'`)
  return versions
}

const backendUrl = (): { url: URL; token: string } | undefined => {
  const raw = process.env.E2E_BACKEND_URL
  if (raw === undefined || raw === '') return undefined
  const url = URL.canParse(raw) ? new URL(raw) : undefined
  if (url === undefined || !['http:', 'https:'].includes(url.protocol))
    throw new ConfigError(`E2E_BACKEND_URL must be an http(s) URL, got '${raw}'`)
  const token = process.env.E2E_CONTROL_TOKEN
  if (token === undefined || token === '')
    throw new ConfigError(
      'E2E_BACKEND_URL needs E2E_CONTROL_TOKEN (--control-token): the HARNESS_CONTROL_TOKEN the worker runs with',
    )
  if (process.env.E2E_VERSIONS)
    throw new ConfigError(
      'E2E_BACKEND_URL runs one LiveStore, the one its worker was built with: E2E_VERSIONS cannot be used with it',
    )
  return { url, token }
}

export interface HarnessConfig {
  /** E2E_WINDOW_MS: how long a change has to drain before the verdict is "stalled". */
  windowMs: number
  /** E2E_BOOT_TIMEOUT_MS: how long a page has to boot its store. */
  bootTimeoutMs: number
  /** E2E_PORT: the backend's loopback port; 0 picks a free one. */
  port: number
  /** PORT: where `npm run dev` serves. */
  devPort: number
  /** CHROMIUM_PATH: a Chromium binary to use when Playwright's own is not installed. */
  chromiumPath: string | undefined
  /** E2E_HEADED=1: show the browser. */
  headed: boolean
  /** E2E_TRACEPOINTS=off: build the app without LiveStore tracepoints (to measure their cost). */
  tracepoints: boolean
  /**
   * LIVESTORE_VERSION: a published version or a local tree's path, empty for the repository's own;
   * LIVESTORE_PATCHES: patch files applied to that version's packages.
   */
  livestore: LivestoreRequest
  /**
   * E2E_VERSIONS=0.4.0,0.4.0-dev.22: the scenarios once per LiveStore, one Playwright project each
   * (`scenarios@<version>`), so one run covers a matrix and `--shard` splits it.
   */
  versions: string[] | undefined
  /**
   * E2E_BACKEND_URL + E2E_CONTROL_TOKEN: a worker the user runs (`wrangler dev`, a workerd
   * elsewhere) instead of the harness's Miniflare; it serves its own build of the app.
   */
  backend: { url: URL; token: string } | undefined
}

export const readConfig = (): HarnessConfig => {
  const unknown = Object.keys(process.env).find(
    (name) => /^(E2E|LIVESTORE)_/.test(name) && !(KNOWN as readonly string[]).includes(name),
  )
  if (unknown !== undefined)
    throw new ConfigError(`${unknown} is not a knob of the harness (known: ${KNOWN.join(', ')})`)
  for (const name of Object.keys(process.env)) {
    const meant = nearMiss(name)
    if (meant !== undefined && process.env[meant] === undefined)
      throw new ConfigError(`${name} is not a knob of the harness: did you mean ${meant}?`)
  }
  const flag = { '1': true, true: true, on: true, '0': false, false: false, off: false }
  return {
    windowMs: integer('E2E_WINDOW_MS', 3000, 100),
    bootTimeoutMs: integer('E2E_BOOT_TIMEOUT_MS', 20_000, 1000),
    port: integer('E2E_PORT', 0, 0),
    devPort: integer('PORT', 8787, 1),
    chromiumPath: process.env.CHROMIUM_PATH || undefined,
    headed: choice('E2E_HEADED', flag, false),
    tracepoints: choice('E2E_TRACEPOINTS', flag, true),
    livestore: livestoreRequest(),
    versions: versionList(process.env.E2E_VERSIONS),
    backend: backendUrl(),
  }
}
