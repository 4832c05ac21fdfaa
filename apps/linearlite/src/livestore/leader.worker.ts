import { makeWorker } from '@livestore/adapter-web/worker'
import { makeWsSync } from '@livestore/sync-cf/client'
import { schema } from './schema.ts'
import { makeTmpTracer } from './tmp-tracer.ts'

makeWorker({
  schema,
  sync: { backend: makeWsSync({ url: `${globalThis.location.origin}/sync` }) },
  otelOptions: { tracer: makeTmpTracer('leader') },
})
