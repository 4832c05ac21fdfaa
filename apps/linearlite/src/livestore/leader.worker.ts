import { makeWorker } from '@livestore/adapter-web/worker'
import * as SyncCfClient from '@livestore/sync-cf/client'
import { HTTP_POLL_MS, type SyncPayload } from '../../../contract/device-kind.ts'
import { livestoreApi } from './api.ts'
import { schema } from './schema.ts'
import { makeTmpTracer } from './tmp-tracer.ts'

// 0.3.1 names its WebSocket client `makeCfSync` (the harness resolves this import to its package root).
// biome-ignore lint/performance/noDynamicNamespaceImportAccess: the name differs by version; the module is small
const makeWsSync = SyncCfClient[livestoreApi.wsSyncFactory as 'makeWsSync']

type SyncBackendConstructor = ReturnType<typeof makeWsSync>

const url = `${globalThis.location.origin}/sync`

/**
 * The device's transport comes with the sync payload (the page's `?transport=`): a leader is
 * per device, and its worker's URL carries nothing of the page's. The harness opens an HTTP tab
 * only on versions that have `makeHttpSync`.
 */
const syncBackend: SyncBackendConstructor = (args) =>
  (args.payload as SyncPayload | undefined)?.transport === 'http'
    ? SyncCfClient.makeHttpSync({ url, livePull: { pollInterval: HTTP_POLL_MS } })(args)
    : makeWsSync({ url })(args)

makeWorker({
  schema,
  sync: { backend: syncBackend },
  // Its own source tag: LiveStore's span events share names with the tracepoints (push:advance, …).
  otelOptions: { tracer: makeTmpTracer('leader-otel') },
})
