import type { Queryable } from '@livestore/livestore'
import { useEffect, useState } from 'react'
import { subscribe } from './api.ts'
import type { AppStore } from './store.ts'

/** A minimal reactive read: the current result, kept up to date through the store's subscription. */
export const useQuery = <T>(store: AppStore, query: Queryable<T>): T => {
  const [value, setValue] = useState(() => store.query(query))
  useEffect(() => subscribe(store, query, setValue), [store, query])
  return value
}
