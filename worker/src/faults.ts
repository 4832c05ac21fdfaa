import type { StoreFaults } from '../../apps/contract/control-routes.ts'
import { formatTmpLine } from '../../apps/contract/tmp-line.ts'

/**
 * Faults the harness injects into one store's Durable Object through the control routes (their
 * shapes: apps/contract/control-routes.ts). Local workerd runs the Worker and its Durable Objects
 * in one isolate, so module state is shared.
 */
/** Even a held push is released after this long: nothing waits unbounded. */
const MAX_HOLD_MS = 120_000

const faultsByStore = new Map<string, StoreFaults>()
const releases = new Set<() => void>()

export const setStoreFaults = (storeId: string, faults: StoreFaults): void => {
  faultsByStore.set(storeId, faults)
}

export const resetFaults = (): void => {
  faultsByStore.clear()
  for (const release of releases) release()
  releases.clear()
}

export const applyPushFaults = async (storeId: string): Promise<void> => {
  if (faultsByStore.get(storeId)?.holdPushes !== true) return
  console.log(formatTmpLine('backend', 'fault:hold-push', { storeId }))
  await new Promise<void>((resolve) => {
    const release = () => {
      clearTimeout(timer)
      releases.delete(release)
      resolve()
    }
    const timer = setTimeout(release, MAX_HOLD_MS)
    releases.add(release)
  })
}

/** Takes a one-shot fault: true once, then cleared. */
export const takeFault = (storeId: string, fault: 'splitNextPage'): boolean => {
  const faults = faultsByStore.get(storeId)
  if (faults?.[fault] !== true) return false
  faultsByStore.set(storeId, { ...faults, [fault]: false })
  return true
}

export const hasFault = (storeId: string, fault: keyof StoreFaults): boolean =>
  faultsByStore.get(storeId)?.[fault] === true
