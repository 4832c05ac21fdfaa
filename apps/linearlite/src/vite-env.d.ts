/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_SYNC_AUTH_TOKEN?: string
}
