import { FixtureError } from './backlog-fixture.ts'
import { BrowserNotFoundError } from './browser.ts'
import { ConfigError } from './config.ts'
import { PortInUseError } from './port.ts'

/** Errors that are the user's to fix: shown as one line, never as a stack. */
export class UsageError extends Error {}

export const isKnownError = (error: unknown): error is Error =>
  error instanceof UsageError ||
  error instanceof ConfigError ||
  error instanceof BrowserNotFoundError ||
  error instanceof FixtureError ||
  error instanceof PortInUseError

/** One line for any error: the message's first line. */
export const oneLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error'
