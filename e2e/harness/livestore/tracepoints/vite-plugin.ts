import { createHash } from 'node:crypto'
import type { Plugin } from 'vite'
import { TRACEPOINT_GROUPS } from './groups/index.ts'
import { TRACEPOINT_HELPER } from './helper.ts'
import { instrument, TARGET_FILES } from './instrument.ts'
import type { TracepointFile } from './types.ts'

const DIST = '@livestore/common/dist/'

/** How the ids of the instrumented modules end, once resolved. */
export const TRACEPOINT_TARGETS: readonly string[] = Object.values(TARGET_FILES).map((path) => `${DIST}${path}`)

/** Changes whenever a table or the helper changes: part of the build cache key of anything built with the plugin. */
export const tracepointsHash = (): string =>
  createHash('sha256').update(JSON.stringify(TRACEPOINT_GROUPS)).update(TRACEPOINT_HELPER).digest('hex').slice(0, 16)

const targetFile = (id: string): TracepointFile | undefined => {
  const path = id.replace(/\\/g, '/').replace(/\?.*$/, '')
  const entry = Object.entries(TARGET_FILES).find(([, file]) => path.endsWith(`${DIST}${file}`))
  return entry?.[0] as TracepointFile | undefined
}

/**
 * Prints `[TMP]` lines from LiveStore's sync processors by instrumenting `@livestore/common`'s built
 * modules as they enter the bundle. `pre` so the anchors meet the published text, before any other
 * plugin rewrites it. A version without a table, or a table that no longer fits, fails the build.
 */
export const tracepointsPlugin = (livestoreVersion: string): Plugin => ({
  name: 'livestore-tracepoints',
  enforce: 'pre',
  transform(code, id) {
    const file = targetFile(id)
    if (file === undefined) return null
    // Every line of LiveStore's code keeps its number (see instrument.ts), so its own source map still holds.
    return { code: instrument(code, file, livestoreVersion), map: null }
  },
})
