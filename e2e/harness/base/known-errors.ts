/**
 * An error that is the user's to fix (a flag, a data file, a port, a browser, a build): its message
 * is the whole story, shown as one line, never as a stack. Each stage's own errors extend it, so
 * this module names none of them.
 */
export class KnownError extends Error {}

/** A command used wrongly. */
export class UsageError extends KnownError {}

export const isKnownError = (error: unknown): error is KnownError => error instanceof KnownError

/** One line for any error: the message's first line. */
export const oneLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error'
