import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { WORKER_ENTRY } from '../build/worker-bundle.ts'
import type { LivestoreTarget } from '../livestore/resolve-target.ts'
import { traitsOf } from '../livestore/traits.ts'
import {
  type Backend,
  type BackendLineListener,
  DurableObjectNotRunningError,
  EVICTABLE,
  notRunning,
} from './backend.ts'
import { BackendControl } from './control-client.ts'
import { assertPortFree, PortInUseError } from './port.ts'
import { readWorkerConfig } from './wrangler-config.ts'

/** A worker without a name: Miniflare knows it as "". */
const WORKER_NAME = ''

export interface BackendOptions {
  appDir: string
  workerDir: string
  /** The LiveStore the worker was built against. */
  livestore: LivestoreTarget
  /** 0 picks a free port. */
  port: number
}

/**
 * The worker bundle's modules are listed to Miniflare, its entry (with `contents` as its code, if
 * given) and then the wasm files esbuild copied beside it: so Miniflare does not parse the bundle
 * (3.5 MB) for its imports on every start, restart and deploy, about 1.9 CPU-s of a 3.1 s start.
 */
const entryModule = (workerDir: string, contents?: string) => ({
  type: 'ESModule' as const,
  path: join(workerDir, WORKER_ENTRY),
  ...(contents === undefined ? {} : { contents }),
})

const wasmModules = async (workerDir: string) =>
  (await readdir(workerDir))
    .filter((file) => file.endsWith('.wasm'))
    .map((file) => ({ type: 'CompiledWasm' as const, path: join(workerDir, file) }))

/** Starts the sync worker under Miniflare (workerd from npm) on loopback, configured from wrangler.jsonc. */
export const startBackend = async ({ appDir, workerDir, livestore, port }: BackendOptions): Promise<Backend> => {
  await assertPortFree(port)
  const config = readWorkerConfig()
  const controlToken = randomBytes(16).toString('hex')
  const listeners = new Set<BackendLineListener>()
  let exited: string | undefined
  let stopping = false
  /** Each workerd process the backend ran; only the current one's exit means the backend is gone. */
  let generation = 0
  const persistRoot = await mkdtemp(join(tmpdir(), 'harness-backend-'))

  const follow = (stream: Readable, level: 'log' | 'error') => {
    const ofGeneration = generation
    createInterface({ input: stream }).on('line', (text) => {
      for (const listener of listeners) listener(text, level)
    })
    stream.on('close', () => {
      if (!stopping && ofGeneration === generation) exited ??= 'the backend (workerd) exited unexpectedly'
    })
  }

  const entry = entryModule(workerDir)
  const wasm = await wasmModules(workerDir)
  const options = {
    modules: [entry, ...wasm],
    modulesRoot: workerDir,
    compatibilityDate: config.compatibilityDate,
    compatibilityFlags: config.compatibilityFlags,
    durableObjects: Object.fromEntries(
      config.durableObjects.map(({ name, className }) => [name, { className, useSQLite: true }]),
    ),
    assets: {
      directory: appDir,
      binding: 'ASSETS',
      routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
    },
    ...(traitsOf(livestore.version).eventlogInD1 ? { d1Databases: { DB: 'livestore-eventlog' } } : {}),
    bindings: { ...config.vars, HARNESS_CONTROL_TOKEN: controlToken },
    // Without it Miniflare fetches Request.cf data from the internet.
    cf: false,
    host: '127.0.0.1',
    port,
    defaultPersistRoot: persistRoot,
    durableObjectsPersist: true,
    ...(traitsOf(livestore.version).eventlogInD1 ? { d1Persist: true } : {}),
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      follow(stdout, 'log')
      follow(stderr, 'error')
    },
  }
  // Loaded here, not at import: every test process imports this module, and only a worker starts a backend.
  const { Miniflare } = await import('miniflare')
  const miniflare = new Miniflare(options)
  const stopAll = async () => {
    stopping = true
    listeners.clear()
    await miniflare.dispose()
    await rm(persistRoot, { recursive: true, force: true })
  }

  let url: URL
  try {
    url = await miniflare.ready
  } catch (error) {
    await stopAll().catch(() => undefined)
    const message = error instanceof Error ? error.message : String(error)
    if (/EADDRINUSE|address already in use/i.test(message)) throw new PortInUseError(port)
    throw new Error(`the backend did not start: ${message.split('\n')[0]}`)
  }

  const assertRunning = (what: string) => {
    if (stopping || exited !== undefined) throw new Error(`no backend to ${what}: ${exited ?? 'it was stopped'}`)
  }
  let deployments = 0
  /** The options of the code workerd runs now: a deploy's, once there was one. */
  let current = options

  return {
    url,
    control: new BackendControl(url, controlToken, () => exited),
    onLine: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    exitReason: () => exited,
    restart: async () => {
      assertRunning('restart')
      generation += 1
      await miniflare.setOptions({ ...current, port: Number(url.port) })
    },
    deploy: async () => {
      assertRunning('deploy to')
      generation += 1
      deployments += 1
      const script = `// harness deployment ${deployments}\n${await readFile(entry.path, 'utf8')}`
      current = { ...options, modules: [entryModule(workerDir, script), ...wasm] }
      await miniflare.setOptions({ ...current, port: Number(url.port) })
    },
    evict: async (object, storeId, webSockets) => {
      assertRunning('evict a Durable Object of')
      const { binding } = EVICTABLE[object]
      const className = config.durableObjects.find((durableObject) => durableObject.name === binding)?.className
      if (className === undefined) throw new Error(`the worker declares no Durable Object bound as ${binding}`)
      try {
        await miniflare.unsafeEvictDurableObject(WORKER_NAME, className, { name: storeId, webSockets })
      } catch (error) {
        if (error instanceof Error && /not currently running/.test(error.message))
          throw new DurableObjectNotRunningError(notRunning(object, storeId))
        throw error
      }
    },
    stop: stopAll,
  }
}
