import { expect, test } from '../harness/test.ts'

// The harness's own teeth must not depend on LiveStore's boot race (0.3.1's boot can stall on its own).
test.use({ quietBoot: true })

/**
 * The harness proves it can fail: with the backend holding every push (a fault injected through
 * the control routes), the same user flow must end red, at the stage where it stopped.
 */
test('a priority change the backend never acknowledges is red at "backend-stored"', async ({ app, faults, follow }) => {
  test.info().annotations.push({ type: 'expected', description: 'stalls at backend-stored' })
  await faults.set({ holdPushes: true })
  const change = await app.changePriority(7, 'Urgent')
  const verdict = await follow(change, { windowMs: 1500 })
  expect(verdict.ok).toBe(false)
  expect(verdict.stage).toBe('backend-stored')
  expect(verdict.message).toMatch(
    /^the backend received push e54(r\d+)? but the backend never stored or acknowledged it/,
  )
})
