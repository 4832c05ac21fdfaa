import { expect, test } from '@playwright/test'
import { ConfigError, readConfig } from '../harness/run/config.ts'

test('knobs have defaults and a malformed value names its variable', () => {
  const saved = { ...process.env }
  try {
    delete process.env.E2E_WINDOW_MS
    expect(readConfig().windowMs).toBe(3000)
    process.env.E2E_WINDOW_MS = 'soon'
    expect(() => readConfig()).toThrow(new ConfigError("E2E_WINDOW_MS must be an integer ≥ 100, got 'soon'"))
    process.env.E2E_WINDOW_MS = '5000'
    process.env.E2E_PORT = '-1'
    expect(() => readConfig()).toThrow(new ConfigError("E2E_PORT must be an integer ≥ 0, got '-1'"))
  } finally {
    process.env = saved
  }
})
