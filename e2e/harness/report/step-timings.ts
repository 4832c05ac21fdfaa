import { writeFileSync } from 'node:fs'
import type { Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter'

/** Where `npm run bench` asks this reporter to write what it timed. */
export const STEP_TIMINGS_ENV = 'HARNESS_STEP_TIMINGS'

export interface StepTiming {
  /** `setup backend`, `teardown backend`, `step open store`. */
  phase: string
  ms: number
}

/**
 * Times the fixtures and the boxed steps of a run, for `npm run bench`: the bench measures the
 * very machinery the tests use rather than a copy of it.
 */
export default class StepTimingsReporter implements Reporter {
  private timings: StepTiming[] = []

  onStepEnd(_test: TestCase, _result: TestResult, step: TestStep) {
    if (step.category !== 'fixture' && step.category !== 'test.step') return
    // Fixtures run in the before or after hooks: their setup and teardown are different phases.
    const kind = step.category === 'test.step' ? 'step' : step.parent?.title === 'After Hooks' ? 'teardown' : 'setup'
    // Step titles carry store ids, issue numbers and windows; the phase is their first words.
    const title = step.title
      .replace(/^Fixture "(.*)"$/, '$1')
      .replace(/ \(.*\)$/, '')
      .replace(/ (t|demo)-[0-9a-f]+.*$/, '')
      .replace(/ \d+.*$/, '')
    this.timings.push({ phase: `${kind} ${title}`, ms: step.duration })
  }

  onEnd() {
    const path = process.env[STEP_TIMINGS_ENV]
    if (path !== undefined) writeFileSync(path, JSON.stringify(this.timings))
  }

  printsToStdio() {
    return false
  }
}
