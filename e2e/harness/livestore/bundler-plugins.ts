import { isAbsolute, join, resolve } from 'node:path'
import type { Plugin as EsbuildPlugin, Metafile } from 'esbuild'
import type { Plugin as VitePlugin } from 'vite'
import type { LivestoreTarget } from './target.ts'
import { traitsOf } from './traits.ts'

/**
 * Builds the app and the worker against the LiveStore under test: every `@livestore/*` import,
 * the harness's and LiveStore's own between its packages, resolves as if made from the target's
 * folder, so a local tree's packages never reach for another copy (upstream's `pnpm` links point
 * at their sources). LiveStore's modules still resolve their other dependencies (Effect, …) next
 * to themselves, so versions never mix.
 */
const LIVESTORE_IMPORT = /^@livestore\//

/** The specifier as the target's packages name it (see `syncClientEntry` in traits.ts). */
const specifierIn = (target: LivestoreTarget, source: string) =>
  source === '@livestore/sync-cf/client' ? traitsOf(target.version).syncClientEntry : source

export const livestoreViteResolver = (target: LivestoreTarget): VitePlugin => ({
  name: 'livestore-under-test',
  enforce: 'pre',
  resolveId(source, _importer, options) {
    if (!LIVESTORE_IMPORT.test(source)) return null
    return this.resolve(specifierIn(target, source), join(target.root, 'package.json'), { ...options, skipSelf: true })
  },
})

export const livestoreEsbuildResolver = (target: LivestoreTarget): EsbuildPlugin => ({
  name: 'livestore-under-test',
  setup(build) {
    build.onResolve({ filter: LIVESTORE_IMPORT }, async (args) => {
      if (args.pluginData === 'livestore-under-test') return undefined
      const result = await build.resolve(specifierIn(target, args.path), {
        kind: args.kind,
        resolveDir: target.root,
        pluginData: 'livestore-under-test',
      })
      return result.errors.length > 0 ? { errors: result.errors } : { path: result.path }
    })
  },
})

/** Adds every module a Vite build (the app's, or one of its workers') bundled to `files`. */
export const bundledModulesPlugin = (files: Set<string>): VitePlugin => ({
  name: 'bundled-modules',
  generateBundle(_options, bundle) {
    for (const output of Object.values(bundle)) {
      if (output.type === 'chunk') for (const id of output.moduleIds) files.add(id)
    }
  },
})

/** The files an esbuild bundle read, from its metafile (paths relative to the working folder). */
export const esbuildInputs = (metafile: Metafile): string[] =>
  Object.keys(metafile.inputs).map((path) => (isAbsolute(path) ? path : resolve(process.cwd(), path)))
