import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

/**
 * A child (Playwright, wrangler) in a process group of its own, so that Ctrl-C or a kill stops
 * every process it started (Playwright's workers, workerd, Chromium).
 */
const GRACE_MS = 15_000

let interrupted = 0
let current: ChildProcess | undefined

const killGroup = (child: ChildProcess | undefined, signal: NodeJS.Signals) => {
  if (child?.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is already gone.
  }
}

/** Ctrl-C: let the child stop its work and tear down; a second one, or 15 s, insists. */
const onSignal = (signal: NodeJS.Signals) => {
  interrupted++
  killGroup(current, interrupted === 1 ? signal : 'SIGKILL')
  if (interrupted === 1) setTimeout(() => killGroup(current, 'SIGKILL'), GRACE_MS).unref()
}

export const wasInterrupted = (): boolean => interrupted > 0

export interface ChildOptions {
  /** The child's output is dropped (a command that prints its own lines). */
  quiet?: boolean
  env?: NodeJS.ProcessEnv
  /** The child's output, line by line (stdout and stderr), instead of the terminal. */
  onLine?: (line: string) => void
}

/** Runs `command` until it exits (or Ctrl-C stops it); its exit code, 130 when a signal ended it. */
export const runChild = (
  command: string,
  args: readonly string[],
  { quiet = false, env, onLine }: ChildOptions = {},
): Promise<number> =>
  new Promise((resolve) => {
    if (interrupted > 0) return resolve(130)
    if (process.listeners('SIGINT').includes(onSignal) === false) {
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
    }
    const child = spawn(command, args, {
      stdio: quiet ? 'ignore' : onLine === undefined ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: env ?? process.env,
    })
    if (onLine !== undefined) {
      for (const stream of [child.stdout, child.stderr])
        if (stream !== null) createInterface({ input: stream }).on('line', onLine)
    }
    current = child
    child.on('exit', (code, signal) => {
      // Whatever is left in the group (a worker's workerd, a stray browser) goes with the run.
      killGroup(child, 'SIGKILL')
      current = undefined
      resolve(code ?? (signal === null ? 1 : 130))
    })
  })

/** Stops the running child as Ctrl-C would (a command that ends it on its own terms). */
export const stopChild = (): void => killGroup(current, 'SIGTERM')
