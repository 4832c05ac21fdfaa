import type { FullConfig } from '@playwright/test'
import { DEFAULT_BACKLOG, loadBacklog } from './backend/backlog.ts'
import { assertPortFree } from './backend/port.ts'
import { connectBackend } from './backend/remote.ts'
import { isKnownError } from './base/known-errors.ts'
import { ensureBrowser } from './browser/chromium.ts'
import { prepareBuilds } from './build/builds.ts'
import { resolveLivestore } from './livestore/resolve-target.ts'
import { describeTarget, type LivestoreTarget } from './livestore/target.ts'
import { requestKey, shareTargets } from './livestore/target-handoff.ts'
import { readConfig } from './run/config.ts'
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
      const request = use.livestore ?? knobs.livestore
      const tracepoints = use.tracepoints ?? knobs.tracepoints
      return [`${requestKey(request)}\0${tracepoints}`, { request, tracepoints }]
    }),
  )
  const targets = new Map<string, LivestoreTarget>()
  for (const { request, tracepoints } of wanted.values()) {
    let target = targets.get(requestKey(request))
    if (target === undefined) {
      target = await resolveLivestore(request, progress)
      targets.set(requestKey(request), target)
      progress(`LiveStore: ${describeTarget(target)}`)
    }
    if (knobs.backend === undefined) await prepareBuilds(target, { tracepoints, progress })
  }
  shareTargets([...targets.values()])
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
