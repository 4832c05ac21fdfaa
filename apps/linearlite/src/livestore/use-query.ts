import type { Queryable } from '@livestore/livestore'
import { useEffect, useState } from 'react'
import type { AppStore } from './store.ts'

/** A minimal reactive read: the current result, kept up to date through `store.subscribe`. */
export const useQuery = <T>(store: AppStore, query: Queryable<T>): T => {
  const [value, setValue] = useState(() => store.query(query))
  useEffect(() => store.subscribe(query, setValue), [store, query])
  return value
}
