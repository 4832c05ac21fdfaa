import { isKnownError, oneLine } from '../base/known-errors.ts'

/** Runs a command's main: a known error is one line and exit 2, never a stack. */
export const runMain = (name: string, main: () => Promise<number>): void => {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`${name}: ${isKnownError(error) ? error.message : oneLine(error)}`)
      process.exit(2)
    },
  )
}
