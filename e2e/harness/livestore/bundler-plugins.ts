import { join } from 'node:path'
import type { Plugin as EsbuildPlugin } from 'esbuild'
import type { Plugin as VitePlugin } from 'vite'
import type { LivestoreTarget } from './resolve-target.ts'
import { traitsOf } from './traits.ts'

/**
 * Builds the app and the worker against the LiveStore under test: every `@livestore/*` import of
 * the harness's own code resolves as if made from the target's folder. LiveStore's modules then
 * resolve their own dependencies (Effect, …) next to themselves, so versions never mix.
 */
const isOwnCode = (importer: string | undefined) => importer !== undefined && !importer.includes('/node_modules/')

const LIVESTORE_IMPORT = /^@livestore\//

/** The specifier as the target's packages name it (see `syncClientEntry` in traits.ts). */
const specifierIn = (target: LivestoreTarget, source: string) =>
  source === '@livestore/sync-cf/client' ? traitsOf(target.version).syncClientEntry : source

export const livestoreViteResolver = (target: LivestoreTarget): VitePlugin => ({
  name: 'livestore-under-test',
  enforce: 'pre',
  resolveId(source, importer, options) {
    if (!LIVESTORE_IMPORT.test(source) || !isOwnCode(importer)) return null
    return this.resolve(specifierIn(target, source), join(target.root, 'package.json'), { ...options, skipSelf: true })
  },
})

export const livestoreEsbuildResolver = (target: LivestoreTarget): EsbuildPlugin => ({
  name: 'livestore-under-test',
  setup(build) {
    build.onResolve({ filter: LIVESTORE_IMPORT }, async (args) => {
      if (args.pluginData === 'livestore-under-test' || !isOwnCode(args.importer)) return undefined
      const result = await build.resolve(specifierIn(target, args.path), {
        kind: args.kind,
        resolveDir: target.root,
        pluginData: 'livestore-under-test',
      })
      return result.errors.length > 0 ? { errors: result.errors } : { path: result.path }
    })
  },
})
