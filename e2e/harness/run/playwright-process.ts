import { runChild } from '../base/child-process.ts'
import { repoPath } from '../paths.ts'

/** Playwright's CLI in a process group of its own (see child-process.ts). */
export const runPlaywright = (args: readonly string[], { quiet = false } = {}): Promise<number> =>
  runChild(process.execPath, [repoPath('node_modules/@playwright/test/cli.js'), ...args], { quiet })
