import { StrictMode, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { HarnessProbe } from '../../contract/sync-snapshot.ts'
import { App } from './App.tsx'
import { readEventlog } from './livestore/eventlog-probe.ts'
import { type AppStore, createAppStore, readAppConfig } from './livestore/store.ts'
import { readSyncSnapshot } from './livestore/sync-probe.ts'
import { logClient } from './tmp-log.ts'
import './style.css'

declare global {
  interface Window {
    /** What the harness reads from the page: which store, and its sync state (bounded). */
    __harnessProbe?: HarnessProbe
  }
}

const config = readAppConfig(window.location)

const Boot = () => {
  const [store, setStore] = useState<AppStore | undefined>()
  const [error, setError] = useState<string | undefined>()
  useEffect(() => {
    createAppStore(config).then(
      (created) => {
        window.__harnessProbe = {
          storeId: config.storeId,
          syncSnapshot: (ms) => readSyncSnapshot(created, ms),
          eventlog: (until, ms) => readEventlog(created, until, ms),
        }
        setStore(created)
      },
      (cause: unknown) => {
        const message = cause instanceof Error ? cause.message : String(cause)
        logClient('store:error', { message })
        setError(message)
      },
    )
  }, [])
  if (error !== undefined) return <p role="alert">Store failed to start: {error}</p>
  if (store === undefined) return <p>Loading store {config.storeId}…</p>
  return <App store={store} storeId={config.storeId} />
}

const root = document.getElementById('root')
if (root === null) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <Boot />
  </StrictMode>,
)
