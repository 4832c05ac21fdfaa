import { PortInUseError } from '../backend/port.ts'
import { RemoteBackendError } from '../backend/remote.ts'
import { BrowserNotFoundError } from '../browser/chromium.ts'
import { BuildError } from '../build/builds.ts'
import { LivestoreVersionError } from '../livestore/published-versions.ts'
import { TracepointError } from '../livestore/tracepoints/instrument.ts'
import { ConfigError } from './config.ts'
import { DataFileError } from './data-file.ts'

/** Errors that are the user's to fix: shown as one line, never as a stack. */
export class UsageError extends Error {}

export const isKnownError = (error: unknown): error is Error =>
  error instanceof UsageError ||
  error instanceof ConfigError ||
  error instanceof BrowserNotFoundError ||
  error instanceof DataFileError ||
  error instanceof PortInUseError ||
  error instanceof LivestoreVersionError ||
  error instanceof TracepointError ||
  error instanceof BuildError ||
  error instanceof RemoteBackendError

/** One line for any error: the message's first line. */
export const oneLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error'
