import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  worker: { format: 'es' },
  optimizeDeps: {
    // LiveStore's worker entry points otherwise make the dev server re-optimize and reload on first load.
    include: ['@livestore/adapter-web/shared-worker', '@livestore/adapter-web/worker', '@livestore/sync-cf/client'],
    exclude: ['@livestore/wa-sqlite'],
  },
  // LiveStore's worker bundles are large by nature; the warning is noise here.
  build: { target: 'es2022', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
})
