import { test } from '@playwright/test'

/**
 * A boxed `test.step`: the HTML report and the trace show the scenario as its steps, and a failure
 * points at the spec's line rather than inside the harness. Outside a test the body just runs.
 */
export const step = <A>(title: string, body: () => Promise<A>): Promise<A> => {
  try {
    test.info()
  } catch {
    return body()
  }
  return test.step(title, body, { box: true })
}
