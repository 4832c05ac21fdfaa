import { Schema } from 'effect'

/**
 * Where one test's time went, in ms, as `npm run bench -- --suite` reports it per scenario:
 * `boot` is the fixtures' set-up (servers, browser, store, the boot's follow), `steps` the user's
 * steps and faults, `verdict` the wait for the change's verdict, `convergence` the reads of every
 * client, `bundle` the bug-report bundle, `teardown` the rest of the fixtures' tear-down.
 */
export const TestPhases = Schema.Struct({
  totalMs: Schema.Number,
  boot: Schema.Number,
  steps: Schema.Number,
  verdict: Schema.Number,
  convergence: Schema.Number,
  bundle: Schema.Number,
  teardown: Schema.Number,
})
export type TestPhases = typeof TestPhases.Type

/** What the split reads of a Playwright step: the reporter's TestStep has these fields. */
export interface TimedStep {
  readonly title: string
  readonly category: string
  readonly startTime: Date
  readonly duration: number
  readonly steps: readonly TimedStep[]
}

type Measured = 'verdict' | 'convergence' | 'bundle'

/** The harness's own steps that are phases of their own, by the titles they are opened with. */
const measuredPhase = (step: TimedStep): Measured | undefined =>
  step.category !== 'test.step'
    ? undefined
    : step.title === 'bug-report bundle'
      ? 'bundle'
      : step.title.startsWith('convergence:')
        ? 'convergence'
        : step.title.startsWith('follow ') && !step.title.startsWith("follow the boot's")
          ? 'verdict'
          : undefined

/** Time spent in each measured phase under these steps; a measured step's own children are its time. */
const measuredIn = (steps: readonly TimedStep[]): Record<Measured, number> => {
  const sums: Record<Measured, number> = { verdict: 0, convergence: 0, bundle: 0 }
  const walk = (nodes: readonly TimedStep[]) => {
    for (const node of nodes) {
      const phase = measuredPhase(node)
      if (phase === undefined) walk(node.steps)
      else sums[phase] += node.duration
    }
  }
  walk(steps)
  return sums
}

const total = (sums: Record<Measured, number>) => sums.verdict + sums.convergence + sums.bundle

/**
 * Splits a test's wall time by its top-level steps: the hooks are the fixtures, the rest is the body.
 * The wall time runs from the first step to the end of the last: Playwright's own duration leaves out
 * the worker's fixtures (backend, browser), which the first test of a worker waits for all the same.
 */
export const phasesOf = (steps: readonly TimedStep[]): TestPhases => {
  const starts = steps.map((step) => step.startTime.getTime())
  const ends = steps.map((step) => step.startTime.getTime() + step.duration)
  const durationMs = steps.length === 0 ? 0 : Math.max(...ends) - Math.min(...starts)
  const hook = (title: string) => steps.filter((step) => step.category === 'hook' && step.title === title)
  const before = hook('Before Hooks')
  const after = hook('After Hooks')
  const hookMs = (nodes: readonly TimedStep[]) =>
    nodes.reduce((sum, node) => sum + node.duration, 0) - total(measuredIn(nodes))
  const measured = measuredIn(steps)
  const boot = hookMs(before)
  const teardown = hookMs(after)
  return {
    totalMs: durationMs,
    boot,
    teardown,
    ...measured,
    steps: Math.max(0, durationMs - boot - teardown - total(measured)),
  }
}
