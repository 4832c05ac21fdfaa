import type { Queryable, Store } from '@livestore/livestore'
import { useEffect, useState } from 'react'

/** A minimal reactive read: the current result, kept up to date through `store.subscribe`. */
export const useQuery = <T>(store: Store, query: Queryable<T>): T => {
  const [value, setValue] = useState(() => store.query(query))
  useEffect(() => store.subscribe(query, setValue), [store, query])
  return value
}
