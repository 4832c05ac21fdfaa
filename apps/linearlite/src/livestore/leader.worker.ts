import { makeWorker } from '@livestore/adapter-web/worker'
import { makeWsSync } from '@livestore/sync-cf/client'
import { schema } from './schema.ts'
import { makeTmpTracer } from './tmp-tracer.ts'

makeWorker({
  schema,
  sync: { backend: makeWsSync({ url: `${globalThis.location.origin}/sync` }) },
  // Its own source tag: LiveStore's span events share names with the tracepoints (push:advance, …).
  otelOptions: { tracer: makeTmpTracer('leader-otel') },
})
