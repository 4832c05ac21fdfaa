import { createHash } from 'node:crypto'
import type { Plugin } from 'vite'
import { TRACEPOINT_GROUPS } from './groups/index.ts'
import { TRACEPOINT_HELPER } from './helper.ts'
import { groupForVersion, instrument, TARGET_FILES } from './instrument.ts'
import type { TracepointFile, UnplacedPoint } from './types.ts'

const DIST = '@livestore/common/dist/'

/** How the ids of the instrumented modules end, once resolved. */
export const TRACEPOINT_TARGETS: readonly string[] = Object.values(TARGET_FILES).map((path) => `${DIST}${path}`)

/** Changes whenever a table, a locator or the helper changes: part of the build cache key of anything built with the plugin. */
export const tracepointsHash = (): string =>
  createHash('sha256').update(JSON.stringify(TRACEPOINT_GROUPS)).update(TRACEPOINT_HELPER).digest('hex').slice(0, 16)

const targetFile = (id: string): TracepointFile | undefined => {
  const path = id.replace(/\\/g, '/').replace(/\?.*$/, '')
  const entry = Object.entries(TARGET_FILES).find(([, file]) => path.endsWith(`${DIST}${file}`))
  return entry?.[0] as TracepointFile | undefined
}

/** Every point of a version's table as unplaced, for one reason (a build without tracepoints: none at all). */
export const everyPoint = (livestoreVersion: string, reason: string): UnplacedPoint[] => {
  const { files } = groupForVersion(livestoreVersion)
  return (Object.keys(files) as TracepointFile[]).flatMap((file) =>
    files[file].map(({ point }) => ({ point, file, reason })),
  )
}

/** What the plugin placed across one build (the app's and its workers' bundles), per instrumented module. */
export class TracepointPlacement {
  private readonly unplacedByFile = new Map<TracepointFile, readonly UnplacedPoint[]>()

  constructor(readonly livestoreVersion: string) {}

  record(file: TracepointFile, unplaced: readonly UnplacedPoint[]): void {
    this.unplacedByFile.set(file, unplaced)
  }

  /** Every point that found no place, with why; a module the build never bundled costs all its points. */
  unplaced(): UnplacedPoint[] {
    return (Object.keys(TARGET_FILES) as TracepointFile[]).flatMap(
      (file) =>
        this.unplacedByFile.get(file) ??
        everyPoint(this.livestoreVersion, `the build bundled no ${DIST}${TARGET_FILES[file]}`).filter(
          (point) => point.file === file,
        ),
    )
  }
}

/**
 * Prints `[TMP]` lines from LiveStore's sync processors by instrumenting `@livestore/common`'s built
 * modules as they enter the bundle. `pre` so the anchors meet the published text, before any other
 * plugin rewrites it. A version without a table fails the build; a point that finds no place is
 * recorded in `placement`, and the build goes on without it.
 */
export const tracepointsPlugin = (placement: TracepointPlacement): Plugin => ({
  name: 'livestore-tracepoints',
  enforce: 'pre',
  transform(code, id) {
    const file = targetFile(id)
    if (file === undefined) return null
    const result = instrument(code, file, placement.livestoreVersion)
    placement.record(file, result.unplaced)
    // Every line of LiveStore's code keeps its number (see instrument.ts), so its own source map still holds.
    return { code: result.code, map: null }
  },
})
