import { makeWorker } from '@livestore/adapter-web/worker'
import * as SyncCfClient from '@livestore/sync-cf/client'
import { livestoreApi } from './api.ts'
import { schema } from './schema.ts'
import { makeTmpTracer } from './tmp-tracer.ts'

// 0.3.1 names its WebSocket client `makeCfSync` (the harness resolves this import to its package root).
// biome-ignore lint/performance/noDynamicNamespaceImportAccess: the name differs by version; the module is small
const makeWsSync = SyncCfClient[livestoreApi.wsSyncFactory as 'makeWsSync']

makeWorker({
  schema,
  sync: { backend: makeWsSync({ url: `${globalThis.location.origin}/sync` }) },
  // Its own source tag: LiveStore's span events share names with the tracepoints (push:advance, …).
  otelOptions: { tracer: makeTmpTracer('leader-otel') },
})
