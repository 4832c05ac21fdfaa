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

test('an E2E_* variable the harness does not know is refused, and a flag takes the usual spellings', () => {
  const saved = { ...process.env }
  try {
    process.env.E2E_WINDOWMS = '5000'
    expect(() => readConfig()).toThrow(/^E2E_WINDOWMS is not a knob of the harness \(known: E2E_WINDOW_MS, /)
    delete process.env.E2E_WINDOWMS
    process.env.E2E_HEADED = 'true'
    expect(readConfig().headed).toBe(true)
    process.env.E2E_HEADED = 'yes please'
    expect(() => readConfig()).toThrow(
      new ConfigError("E2E_HEADED must be one of 0, 1, true, on, false, off, got 'yes please'"),
    )
  } finally {
    process.env = saved
  }
})
