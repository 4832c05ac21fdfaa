import { test as base } from '@playwright/test'
import type { LivestoreRequest } from '../livestore/target.ts'
import { readConfig } from '../run/config.ts'

/** The knobs a project or a `test.use` can set; their defaults come from the environment (run/config.ts). */
export interface HarnessOptions {
  /** The LiveStore the app and the worker are built against: a version or a local tree ('' for the repository's), and patches. */
  livestore: LivestoreRequest
  /** Build with LiveStore tracepoints (off only to measure their cost). */
  tracepoints: boolean
  /** How long a change has to make its round trip before the verdict is "stalled". */
  windowMs: number
  /** How long a page has to boot its store. */
  bootTimeoutMs: number
}

const defaults = readConfig()

export const test = base.extend<
  Pick<HarnessOptions, 'windowMs' | 'bootTimeoutMs'>,
  Pick<HarnessOptions, 'livestore' | 'tracepoints'>
>({
  livestore: [defaults.livestore, { option: true, scope: 'worker' }],
  tracepoints: [defaults.tracepoints, { option: true, scope: 'worker' }],
  windowMs: [defaults.windowMs, { option: true }],
  bootTimeoutMs: [defaults.bootTimeoutMs, { option: true }],
})
