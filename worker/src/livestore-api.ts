import { CURRENT_WORKER_API, type LivestoreWorkerApi } from '../../apps/contract/livestore-api.ts'

declare const __LIVESTORE_WORKER_API__: LivestoreWorkerApi | undefined

/** The sync-cf API of the version this bundle is against (see apps/contract/livestore-api.ts). */
export const livestoreWorkerApi: LivestoreWorkerApi =
  typeof __LIVESTORE_WORKER_API__ === 'undefined' ? CURRENT_WORKER_API : __LIVESTORE_WORKER_API__
