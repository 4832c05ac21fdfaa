import type { Page, Worker } from '@playwright/test'
import { withTimeout } from '../base/bounded.ts'
import { step } from '../base/step.ts'
import type { LogStream } from '../capture/log-stream.ts'

/**
 * The test's side of the leader's barriers (`__tmpGate` in the tracepoints): arm a gate, let the
 * leader run into it (it logs `[TMP][leader] gate:wait`), act, then open it. The gates live in
 * the leader's dedicated worker, which belongs to the page.
 */
const LEADER_SCRIPT = /leader\.worker/

const GATE_CALL_TIMEOUT_MS = 5_000

type GateWindow = { __tmpGates?: { armed: Set<string>; open: Map<string, () => void> } }

const leaderWorker = (page: Page): Worker => {
  const worker = page.workers().find((candidate) => LEADER_SCRIPT.test(candidate.url()))
  if (worker === undefined) throw new Error('the leader worker is not running in this page')
  return worker
}

const inLeader = <A>(page: Page, what: string, run: (worker: Worker) => Promise<A>): Promise<A> =>
  step(`leader: ${what}`, () =>
    withTimeout(run(leaderWorker(page)), GATE_CALL_TIMEOUT_MS, () => {
      throw new Error(`the leader did not answer "${what}" within ${GATE_CALL_TIMEOUT_MS} ms`)
    }),
  )

/** Arms a gate in the page's leader; a build whose gate's tracepoint found no place makes the test not applicable. */
export const armLeaderGate = (page: Page, name: string, logs: LogStream): Promise<void> => {
  logs.requireGate(name)
  return inLeader(page, `arm gate ${name}`, (worker) =>
    worker.evaluate((gate) => {
      const scope = globalThis as unknown as GateWindow
      scope.__tmpGates ??= { armed: new Set(), open: new Map() }
      scope.__tmpGates.armed.add(gate)
    }, name),
  )
}

/** Opens a gate the leader waits at, and disarms it if it was not waiting; false then. */
export const openLeaderGate = (page: Page, name: string): Promise<boolean> =>
  inLeader(page, `open gate ${name}`, (worker) =>
    worker.evaluate((gate) => {
      const gates = (globalThis as unknown as GateWindow).__tmpGates
      const open = gates?.open.get(gate)
      gates?.armed.delete(gate)
      open?.()
      return open !== undefined
    }, name),
  )
