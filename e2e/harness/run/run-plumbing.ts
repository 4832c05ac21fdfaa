import { type ChildProcess, spawn } from 'node:child_process'
import { DEFAULT_BACKLOG, loadBacklogFixture } from '../backend/backlog.ts'
import { assertPortFree } from '../backend/port.ts'
import { ensureBrowser } from '../browser/chromium.ts'
import { type PreparedBuilds, prepareBuilds } from '../build/builds.ts'
import { type LivestoreTarget, resolveLivestore } from '../livestore/resolve-target.ts'
import { shareTarget } from '../livestore/target-handoff.ts'
import { repoPath } from '../paths.ts'
import { loadExpectations } from '../verdict/expectations.ts'
import { readConfig } from './config.ts'
import { isKnownError, oneLine, UsageError } from './known-errors.ts'

/**
 * What `npm run e2e` and `npm run matrix` share: their flags, the checks before a run, and
 * Playwright in a process group of its own, so that Ctrl-C or a kill stops every process the run
 * started (Playwright's workers, workerd, Chromium).
 */
export interface Flag {
  /** The knob the flag sets, or the Playwright option it becomes. */
  env?: string
  playwright?: string
  takesValue: boolean
}

export const COMMON_FLAGS: Record<string, Flag> = {
  '--window': { env: 'E2E_WINDOW_MS', takesValue: true },
  '--port': { env: 'E2E_PORT', takesValue: true },
  '--headed': { env: 'E2E_HEADED', takesValue: false },
  '--repeat': { playwright: '--repeat-each', takesValue: true },
}

export interface ParsedArgs {
  env: Record<string, string>
  /** Everything for Playwright: translated flags, then anything the harness does not know. */
  playwright: string[]
}

export const parseArgs = (argv: readonly string[], flags: Record<string, Flag>, usage: string): ParsedArgs => {
  const env: Record<string, string> = {}
  const playwright: string[] = []
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? ''
    if (arg === '--help' || arg === '-h') throw new UsageError(usage)
    const [name = '', inlineValue] = arg.split('=', 2)
    const flag = flags[name]
    if (flag === undefined) {
      playwright.push(arg)
      continue
    }
    const value = flag.takesValue ? (inlineValue ?? argv[++index]) : '1'
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value (${usage})`)
    if (flag.env !== undefined) env[flag.env] = value
    if (flag.playwright !== undefined) playwright.push(flag.playwright, value)
  }
  return { env, playwright }
}

/** Environment checks, then the LiveStore under test and its builds; one progress line each. */
export const prepareRun = async (
  livestoreSpec: string | undefined,
  progress: (line: string) => void,
): Promise<{ target: LivestoreTarget; builds: PreparedBuilds }> => {
  const config = readConfig()
  // The data files are checked before anything starts: a malformed one is a one-line error here,
  // not a failure in every test.
  loadBacklogFixture(DEFAULT_BACKLOG)
  loadExpectations()
  progress(`browser: ${ensureBrowser(config.chromiumPath, progress).description}`)
  await assertPortFree(config.port)
  const target = await resolveLivestore(livestoreSpec ?? process.env.LIVESTORE_VERSION, progress)
  progress(`LiveStore: ${target.label}`)
  shareTarget(target)
  return { target, builds: await prepareBuilds(target, progress) }
}

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

export const runPlaywright = (args: readonly string[]): Promise<number> =>
  new Promise((resolve) => {
    if (interrupted > 0) return resolve(130)
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    const child = spawn(process.execPath, [repoPath('node_modules/@playwright/test/cli.js'), ...args], {
      stdio: 'inherit',
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
