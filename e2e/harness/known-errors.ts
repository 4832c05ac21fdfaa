import { BrowserNotFoundError } from './browser.ts'
import { ConfigError } from './config.ts'
import { FixtureError } from './fixture-file.ts'
import { LivestoreVersionError } from './livestore-install.ts'
import { PortInUseError } from './port.ts'
import { BuildError } from './prepare.ts'
import { TracepointError } from './tracepoints/instrument.ts'

/** Errors that are the user's to fix: shown as one line, never as a stack. */
export class UsageError extends Error {}

export const isKnownError = (error: unknown): error is Error =>
  error instanceof UsageError ||
  error instanceof ConfigError ||
  error instanceof BrowserNotFoundError ||
  error instanceof FixtureError ||
  error instanceof PortInUseError ||
  error instanceof LivestoreVersionError ||
  error instanceof TracepointError ||
  error instanceof BuildError

/** One line for any error: the message's first line. */
export const oneLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error'
