import { formatTmpLine } from '../../../apps/contract/tmp-line.ts'
import { step } from '../base/step.ts'
import type { LogStream } from '../capture/log-stream.ts'
import type { Backend } from './backend.ts'

/**
 * Restarts the whole backend process (workerd) on the same port with its persisted state, pages
 * left open; logged as `[TMP][harness] fault:restart-backend` with how long it took.
 */
export const restartBackendProcess = (backend: Backend, logs: LogStream): Promise<void> =>
  step('restart the backend process', async () => {
    const startedAt = Date.now()
    logs.add('harness', 'info', formatTmpLine('harness', 'fault:restart-backend', {}))
    if (backend.restart === undefined)
      throw new Error('the harness does not run this backend: it cannot restart its process')
    await backend.restart()
    logs.add('harness', 'info', formatTmpLine('harness', 'fault:restart-backend:ready', { ms: Date.now() - startedAt }))
  })
