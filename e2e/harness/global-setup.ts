import type { FullConfig } from '@playwright/test'
import { DEFAULT_BACKLOG, loadBacklog } from './backend/backlog.ts'
import { assertPortFree } from './backend/port.ts'
import { connectBackend } from './backend/remote.ts'
import { ensureBrowser } from './browser/chromium.ts'
import { prepareBuilds } from './build/builds.ts'
import { type LivestoreTarget, resolveLivestore } from './livestore/resolve-target.ts'
import { shareTargets } from './livestore/target-handoff.ts'
import { readConfig } from './run/config.ts'
import { isKnownError } from './run/known-errors.ts'
import type { HarnessOptions } from './test/options.ts'
import { loadExpectations } from './verdict/expectations.ts'

const progress = (line: string) => console.log(line)

/**
 * The checks before a run, whoever starts it (`npm run e2e`, `npx playwright test`, `--ui`, an
 * editor): the knobs, the data files, the browser, the port (or the user's backend), then every
 * LiveStore the projects ask for, installed and built (cached). A problem is one line and exit code 2, before any test.
 */
const prepare = async (config: FullConfig) => {
  const knobs = readConfig()
  loadBacklog(DEFAULT_BACKLOG)
  loadExpectations()
  progress(`browser: ${ensureBrowser(knobs.chromiumPath, progress).description}`)
  if (knobs.backend === undefined) await assertPortFree(knobs.port)
  else {
    await (await connectBackend(knobs.backend.url, knobs.backend.token)).stop()
    progress(`backend: ${knobs.backend.url.origin} (its own build of the app and the worker)`)
  }
  const wanted = new Map(
    config.projects.map((project) => {
      const use = project.use as Partial<HarnessOptions>
      const spec = use.livestore ?? knobs.livestore
      const tracepoints = use.tracepoints ?? knobs.tracepoints
      return [`${spec}\0${tracepoints}`, { spec, tracepoints }]
    }),
  )
  const targets: Record<string, LivestoreTarget> = {}
  for (const { spec, tracepoints } of wanted.values()) {
    if (targets[spec] === undefined) {
      targets[spec] = await resolveLivestore(spec, progress)
      progress(`LiveStore: ${targets[spec].label}`)
    }
    if (knobs.backend === undefined) await prepareBuilds(targets[spec], { tracepoints, progress })
  }
  shareTargets(targets)
}

export default async function globalSetup(config: FullConfig): Promise<void> {
  try {
    await prepare(config)
  } catch (error) {
    if (!isKnownError(error)) throw error
    console.error(`harness: ${error.message}`)
    process.exit(2)
  }
}
