import { createServer } from 'node:net'
import { KnownError } from '../base/known-errors.ts'

export class PortInUseError extends KnownError {
  constructor(readonly port: number) {
    super(`port ${port} is in use on 127.0.0.1`)
  }
}

/** Fails fast, before anything starts, when a fixed port is taken. Port 0 (any free port) always passes. */
export const assertPortFree = (port: number): Promise<void> =>
  new Promise((resolve, reject) => {
    if (port === 0) return resolve()
    const server = createServer()
    server.once('error', () => reject(new PortInUseError(port)))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()))
  })
