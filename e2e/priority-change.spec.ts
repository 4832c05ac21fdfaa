import { expect, test } from './fixtures.ts'

/**
 * The root-cause analysis's flow, as a user does it: open the pre-seeded store (backend at e53;
 * the app sets its UI state in three client documents at boot), change one issue's priority
 * through its menu, and expect the change to drain and come back through a pull.
 */
test('a priority change drains and comes back through a pull', async ({ app, follow }) => {
  const change = await app.changePriority(7, 'Urgent')
  expect(await follow(change)).toHaveDrained()
})
