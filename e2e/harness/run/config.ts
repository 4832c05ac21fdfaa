/**
 * Every knob of the harness, read from the environment once, with its default. A malformed value
 * is a one-line error naming the variable.
 */
export class ConfigError extends Error {}

const integer = (name: string, fallback: number, min: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError(`${name} must be an integer ≥ ${min}, got '${raw}'`)
  return value
}

export interface HarnessConfig {
  /** E2E_WINDOW_MS: how long a change has to drain before the verdict is "stalled". */
  windowMs: number
  /** E2E_BOOT_TIMEOUT_MS: how long a page has to boot its store. */
  bootTimeoutMs: number
  /** E2E_PORT: the backend's loopback port; 0 picks a free one. */
  port: number
  /** CHROMIUM_PATH: a Chromium binary to use when Playwright's own is not installed. */
  chromiumPath: string | undefined
  /** E2E_HEADED=1: show the browser. */
  headed: boolean
  /** E2E_TRACEPOINTS=off: build the app without LiveStore tracepoints (to measure their cost). */
  tracepoints: boolean
}

export const readConfig = (): HarnessConfig => ({
  windowMs: integer('E2E_WINDOW_MS', 3000, 100),
  bootTimeoutMs: integer('E2E_BOOT_TIMEOUT_MS', 20_000, 1000),
  port: integer('E2E_PORT', 0, 0),
  chromiumPath: process.env.CHROMIUM_PATH || undefined,
  headed: process.env.E2E_HEADED === '1',
  tracepoints: process.env.E2E_TRACEPOINTS !== 'off',
})
