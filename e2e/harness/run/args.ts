import { UsageError } from '../base/known-errors.ts'

/** The flags the commands share; a flag sets a knob's variable (see config.ts) or becomes a Playwright option. */
export interface Flag {
  /** The knob the flag sets, or the Playwright option it becomes. */
  env?: string
  playwright?: string
  takesValue: boolean
  /** May be given several times: the values go into the variable one a line. */
  repeatable?: true
}

export const COMMON_FLAGS: Record<string, Flag> = {
  '--window': { env: 'E2E_WINDOW_MS', takesValue: true },
  '--port': { env: 'E2E_PORT', takesValue: true },
  '--headed': { env: 'E2E_HEADED', takesValue: false },
  '--repeat': { playwright: '--repeat-each', takesValue: true },
  '--versions': { env: 'E2E_VERSIONS', takesValue: true },
  '--backend-url': { env: 'E2E_BACKEND_URL', takesValue: true },
  '--control-token': { env: 'E2E_CONTROL_TOKEN', takesValue: true },
}

/** Which LiveStore: a version or a local tree, and patches to a version's packages. */
export const LIVESTORE_FLAGS: Record<string, Flag> = {
  '--livestore': { env: 'LIVESTORE_VERSION', takesValue: true },
  '--patch': { env: 'LIVESTORE_PATCHES', takesValue: true, repeatable: true },
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
    if (flag.env !== undefined) {
      const earlier = env[flag.env]
      env[flag.env] = flag.repeatable && earlier !== undefined ? `${earlier}\n${value}` : value
    }
    if (flag.playwright !== undefined) playwright.push(flag.playwright, value)
  }
  return { env, playwright }
}
