import type { StoreFaults } from '../../apps/contract/control-routes.ts'
import { logTmp } from './tmp-log.ts'

/**
 * Faults the harness injects into one store's Durable Object through the control routes (their
 * shapes: apps/contract/control-routes.ts). Local workerd runs the Worker and its Durable Objects
 * in one isolate, so module state is shared.
 */
/** Even a held request is released after this long: nothing waits unbounded. */
const MAX_HOLD_MS = 120_000

type HoldFault = 'holdPushes' | 'holdPulls' | 'refuseConnections' | 'holdAfterCommit'

const faultsByStore = new Map<string, StoreFaults>()
/** Held requests; each re-checks its fault whenever the faults change, and goes once it is lifted. */
const holds = new Set<() => void>()

const recheckHolds = () => {
  for (const recheck of [...holds]) recheck()
}

export const setStoreFaults = (storeId: string, faults: StoreFaults): void => {
  faultsByStore.set(storeId, faults)
  logTmp('fault:set', { storeId, ...faults })
  recheckHolds()
}

export const resetFaults = (): void => {
  faultsByStore.clear()
  recheckHolds()
}

export const hasFault = (storeId: string, fault: keyof StoreFaults): boolean =>
  faultsByStore.get(storeId)?.[fault] === true

/** Takes a one-shot fault: true once, then cleared. */
export const takeFault = (storeId: string, fault: 'splitNextPage' | 'failNextBroadcast' | 'failNextPull'): boolean => {
  const faults = faultsByStore.get(storeId)
  if (faults?.[fault] !== true) return false
  faultsByStore.set(storeId, { ...faults, [fault]: false })
  return true
}

/** Waits while `fault` is set on the store (a barrier the harness lifts), at most MAX_HOLD_MS. */
export const holdWhile = async (
  storeId: string,
  fault: HoldFault,
  line: string,
  fields: Record<string, unknown> = {},
): Promise<void> => {
  if (!hasFault(storeId, fault)) return
  const startedAt = Date.now()
  logTmp(line, { storeId, ...fields })
  await new Promise<void>((resolve) => {
    const recheck = () => {
      if (hasFault(storeId, fault) && Date.now() - startedAt < MAX_HOLD_MS) return
      clearTimeout(timer)
      holds.delete(recheck)
      resolve()
    }
    const timer = setTimeout(recheck, MAX_HOLD_MS)
    holds.add(recheck)
  })
  logTmp(`${line}:released`, { storeId, heldMs: Date.now() - startedAt })
}

/** Delays by the store's `delayPushMs` / `delayPullMs`, if set. */
export const delayBy = async (storeId: string, fault: 'delayPushMs' | 'delayPullMs', line: string): Promise<void> => {
  const ms = faultsByStore.get(storeId)?.[fault] ?? 0
  if (ms <= 0) return
  logTmp(line, { storeId, ms })
  await new Promise((resolve) => setTimeout(resolve, ms))
}

export const applyPushFaults = async (storeId: string): Promise<void> => {
  await holdWhile(storeId, 'holdPushes', 'fault:hold-push')
  await delayBy(storeId, 'delayPushMs', 'fault:delay-push')
}

export const applyPullFaults = async (storeId: string): Promise<void> => {
  await holdWhile(storeId, 'holdPulls', 'fault:hold-pull')
  await delayBy(storeId, 'delayPullMs', 'fault:delay-pull')
  if (takeFault(storeId, 'failNextPull')) {
    logTmp('fault:fail-pull', { storeId })
    throw new Error('pull failed by the harness (failNextPull)')
  }
}
