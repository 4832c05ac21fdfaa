/**
 * `npm run e2e`: checks the environment, installs and builds what the LiveStore under test needs
 * (cached), then runs the browser scenarios on it with Playwright.
 */
import { COMMON_FLAGS, parseArgs, prepareRun, runMain, runPlaywright } from '../harness/run/run-plumbing.ts'

const USAGE =
  'usage: npm run e2e -- [--livestore <version|path>] [--repeat <n>] [--window <ms>] [--port <n>] [--headed] [playwright options and filters]'

const FLAGS = { ...COMMON_FLAGS, '--livestore': { env: 'LIVESTORE_VERSION', takesValue: true } }

runMain('e2e', async () => {
  const { env, playwright } = parseArgs(process.argv.slice(2), FLAGS, USAGE)
  Object.assign(process.env, env)
  await prepareRun(undefined, (line) => console.log(line))
  return runPlaywright(['test', '--project=scenarios', '--project=self-tests', ...playwright])
})
