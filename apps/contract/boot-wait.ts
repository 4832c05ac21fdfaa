/**
 * What the app exposes on `window` while a quiet boot waits for its initial pull. The harness
 * calls it with its evidence when that pull cannot come (the leader refused to boot: no leader on
 * this storage ever answers), so the app goes on at once instead of at the wait's bound.
 */
export interface BootWaitWindow {
  __harnessEndBootWait?: (evidence: string) => void
}
