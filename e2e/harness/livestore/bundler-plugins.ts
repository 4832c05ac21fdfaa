import { isAbsolute, join, resolve } from 'node:path'
import type { Plugin as EsbuildPlugin, Metafile } from 'esbuild'
import type { Plugin as VitePlugin } from 'vite'
import type { LivestoreTarget } from './target.ts'
import { traitsOf } from './traits.ts'

/**
 * Builds the app and the worker against the LiveStore under test: every `@livestore/*` import of
 * the harness's own code resolves as if made from the target's folder. An install's packages
 * resolve each other as npm laid them out (a package may need its own version of a sibling); a
 * local tree's do so from the folder too, since upstream's `pnpm` links point at the packages'
 * sources, not at what they publish. LiveStore's modules resolve their other dependencies
 * (Effect, …) next to themselves, so versions never mix.
 */
const LIVESTORE_IMPORT = /^@livestore\//

const isOwnCode = (importer: string | undefined) => importer !== undefined && !importer.includes('/node_modules/')

const redirects = (target: LivestoreTarget, importer: string | undefined) =>
  target.kind === 'checkout' || isOwnCode(importer)

/** The specifier as the target's packages name it (see `syncClientEntry` in traits.ts). */
const specifierIn = (target: LivestoreTarget, source: string) =>
  source === '@livestore/sync-cf/client' ? traitsOf(target.version).syncClientEntry : source

export const livestoreViteResolver = (target: LivestoreTarget): VitePlugin => ({
  name: 'livestore-under-test',
  enforce: 'pre',
  resolveId(source, importer, options) {
    if (!LIVESTORE_IMPORT.test(source) || !redirects(target, importer)) return null
    return this.resolve(specifierIn(target, source), join(target.root, 'package.json'), { ...options, skipSelf: true })
  },
})

export const livestoreEsbuildResolver = (target: LivestoreTarget): EsbuildPlugin => ({
  name: 'livestore-under-test',
  setup(build) {
    build.onResolve({ filter: LIVESTORE_IMPORT }, async (args) => {
      if (args.pluginData === 'livestore-under-test' || !redirects(target, args.importer)) return undefined
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
