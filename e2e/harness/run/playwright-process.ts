import { type ChildProcess, spawn } from 'node:child_process'
import { repoPath } from '../paths.ts'

/**
 * Playwright in a process group of its own, so that Ctrl-C or a kill stops every process the run
 * started (Playwright's workers, workerd, Chromium).
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

/** Ctrl-C: let Playwright stop its tests and tear down fixtures; a second one, or 15 s, insists. */
const onSignal = (signal: NodeJS.Signals) => {
  interrupted++
  killGroup(current, interrupted === 1 ? signal : 'SIGKILL')
  if (interrupted === 1) setTimeout(() => killGroup(current, 'SIGKILL'), GRACE_MS).unref()
}

export const wasInterrupted = (): boolean => interrupted > 0

/** `quiet`: Playwright's output is dropped (a command that reads the summary and prints its own lines). */
export const runPlaywright = (args: readonly string[], { quiet = false } = {}): Promise<number> =>
  new Promise((resolve) => {
    if (interrupted > 0) return resolve(130)
    if (process.listeners('SIGINT').includes(onSignal) === false) {
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
    }
    const child = spawn(process.execPath, [repoPath('node_modules/@playwright/test/cli.js'), ...args], {
      stdio: quiet ? 'ignore' : 'inherit',
      detached: true,
    })
    current = child
    child.on('exit', (code, signal) => {
      // Whatever is left in the group (a worker's workerd, a stray browser) goes with the run.
      killGroup(child, 'SIGKILL')
      current = undefined
      resolve(code ?? (signal === null ? 1 : 130))
    })
  })
