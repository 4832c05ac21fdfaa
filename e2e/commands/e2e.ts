/**
 * `npm run e2e`: the browser scenarios and the harness's self-tests on the LiveStore under test.
 * Playwright's global setup checks the environment and builds (cached) before any test.
 */
import { COMMON_FLAGS, LIVESTORE_FLAGS, parseArgs } from '../harness/run/args.ts'
import { runMain } from '../harness/run/main.ts'
import { runPlaywright } from '../harness/run/playwright-process.ts'

const USAGE =
  'usage: npm run e2e -- [--livestore <version|path>] [--patch <file>]... [--repeat <n>] [--window <ms>] [--port <n>] [--headed] [--backend-url <url> --control-token <token>] [playwright options and filters]'

const FLAGS = { ...COMMON_FLAGS, ...LIVESTORE_FLAGS }

runMain('e2e', async () => {
  const { env, playwright } = parseArgs(process.argv.slice(2), FLAGS, USAGE)
  Object.assign(process.env, env)
  return runPlaywright(['test', ...playwright])
})
