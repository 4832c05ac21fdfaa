import { readFile } from 'node:fs/promises'
import type { Plugin } from 'esbuild'
import { instrument, TARGET_FILES } from './instrument.ts'
import type { TracepointFile } from './types.ts'
import type { TracepointPlacement } from './vite-plugin.ts'

const DIST = '@livestore/common/dist/'

/**
 * The tracepoints in an esbuild bundle: the worker's, where a replica runs LiveStore's sync
 * processors inside a Durable Object. The same tables and placement as the app's Vite plugin.
 */
export const tracepointsEsbuildPlugin = (placement: TracepointPlacement): Plugin => ({
  name: 'livestore-tracepoints',
  setup(build) {
    for (const [file, path] of Object.entries(TARGET_FILES) as [TracepointFile, string][]) {
      const filter = new RegExp(`${`${DIST}${path}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`)
      build.onLoad({ filter }, async (args) => {
        const result = instrument(await readFile(args.path, 'utf8'), file, placement.livestoreVersion)
        placement.record(file, result.unplaced)
        return { contents: result.code, loader: 'js' }
      })
    }
  },
})
