import { cpus } from 'node:os'

/**
 * The machine's busy CPU time so far, in ms, every core and process together (browsers and workerd
 * included): a run's cost is the difference of two readings.
 */
export const busyCpuMs = (): number =>
  cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0)
