import type { Queryable, Store } from '@livestore/livestore'
import { CURRENT_API, type LivestoreAppApi } from '../../../contract/livestore-api.ts'

declare const __LIVESTORE_APP_API__: LivestoreAppApi | undefined

/** The LiveStore API of the version this build is against (see apps/contract/livestore-api.ts). */
export const livestoreApi: LivestoreAppApi =
  typeof __LIVESTORE_APP_API__ === 'undefined' ? CURRENT_API : __LIVESTORE_APP_API__

type LegacySubscribe = <T>(query: Queryable<T>, options: { onUpdate: (value: T) => void }) => () => void

export const subscribe = <T>(
  store: Pick<Store, 'subscribe'>,
  query: Queryable<T>,
  onUpdate: (value: T) => void,
): (() => void) =>
  livestoreApi.subscribeTakesOptions
    ? (store.subscribe as unknown as LegacySubscribe)(query, { onUpdate })
    : store.subscribe(query, onUpdate)
