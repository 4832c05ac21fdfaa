/**
 * `npm run e2e`: checks the environment, builds (cached), then runs the browser scenarios with
 * Playwright in a process group of their own, so that Ctrl-C or a kill stops every process the
 * run started (Playwright's workers, workerd, Chromium).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { ensureBrowser } from './harness/browser.ts'
import { readConfig } from './harness/config.ts'
import { isKnownError, oneLine, UsageError } from './harness/known-errors.ts'
import { livestoreUnderTest, shareTarget } from './harness/livestore-target.ts'
import { repoPath } from './harness/paths.ts'
import { assertPortFree } from './harness/port.ts'
import { prepareBuilds } from './harness/prepare.ts'

const USAGE =
  'usage: npm run e2e -- [--livestore <version|path>] [--window <ms>] [--port <n>] [--headed] [playwright test options and filters]'

/** The harness's own flags become environment variables (the knobs); everything else goes to Playwright. */
const FLAGS: Record<string, { env: string; takesValue: boolean }> = {
  '--livestore': { env: 'LIVESTORE_VERSION', takesValue: true },
  '--window': { env: 'E2E_WINDOW_MS', takesValue: true },
  '--port': { env: 'E2E_PORT', takesValue: true },
  '--headed': { env: 'E2E_HEADED', takesValue: false },
}

const parseArgs = (argv: readonly string[]) => {
  const env: Record<string, string> = {}
  const passthrough: string[] = []
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? ''
    if (arg === '--help' || arg === '-h') throw new UsageError(USAGE)
    const [name = '', inlineValue] = arg.split('=', 2)
    const flag = FLAGS[name]
    if (flag === undefined) {
      passthrough.push(arg)
      continue
    }
    if (!flag.takesValue) {
      env[flag.env] = '1'
      continue
    }
    const value = inlineValue ?? argv[++index]
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value (${USAGE})`)
    env[flag.env] = value
  }
  return { env, passthrough }
}

const GRACE_MS = 15_000

const runPlaywright = (args: readonly string[]): Promise<number> =>
  new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [repoPath('node_modules/@playwright/test/cli.js'), ...args], {
      stdio: 'inherit',
      detached: true,
    })
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return
      try {
        process.kill(-child.pid, signal)
      } catch {
        // The group is already gone.
      }
    }
    let interrupted = 0
    const onSignal = (signal: NodeJS.Signals) => {
      interrupted++
      // First signal: let Playwright stop its tests and tear down fixtures; then insist.
      killGroup(interrupted === 1 ? signal : 'SIGKILL')
      if (interrupted === 1) setTimeout(() => killGroup('SIGKILL'), GRACE_MS).unref()
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    child.on('exit', (code, signal) => {
      // Whatever is left in the group (a worker's workerd, a stray browser) goes with the run.
      killGroup('SIGKILL')
      resolve(code ?? (signal === null ? 1 : 130))
    })
  })

const main = async () => {
  const { env, passthrough } = parseArgs(process.argv.slice(2))
  Object.assign(process.env, env)
  const config = readConfig()
  const browser = ensureBrowser(config.chromiumPath, (line) => console.log(line))
  console.log(`browser: ${browser.description}`)
  await assertPortFree(config.port)
  const target = await livestoreUnderTest((line) => console.log(line))
  console.log(`LiveStore: ${target.label}`)
  shareTarget(target)
  await prepareBuilds(target, (line) => console.log(line))
  return runPlaywright(['test', '--project=e2e', ...passthrough])
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`e2e: ${isKnownError(error) ? error.message : oneLine(error)}`)
    process.exit(2)
  },
)
