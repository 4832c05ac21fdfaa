import { expect, test } from '@playwright/test'
import { ConfigError, nearMiss, readConfig } from '../harness/run/config.ts'

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

test('a near miss of any knob is refused, LIVESTORE_* and E2E_* alike, and PORT is checked for dev', () => {
  const saved = { ...process.env }
  try {
    process.env.LIVESTORE_VERSON = '0.4.0-dev.9'
    expect(() => readConfig()).toThrow(/^LIVESTORE_VERSON is not a knob of the harness/)
    delete process.env.LIVESTORE_VERSON
    process.env.CHROMIUM_PTH = '/usr/bin/chromium'
    expect(() => readConfig()).toThrow(
      new ConfigError('CHROMIUM_PTH is not a knob of the harness: did you mean CHROMIUM_PATH?'),
    )
    delete process.env.CHROMIUM_PTH
    process.env.PROT = '9000'
    expect(() => readConfig()).toThrow(new ConfigError('PROT is not a knob of the harness: did you mean PORT?'))
    delete process.env.PROT
    // Names two edits from a short knob are the machine's own, not typos.
    expect(['HOST', 'PWD', 'PATH', 'HOME', 'INIT_CWD'].map(nearMiss)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ])
    process.env.PORT = 'eighty'
    expect(() => readConfig()).toThrow(new ConfigError("PORT must be an integer ≥ 1, got 'eighty'"))
    process.env.PORT = '9000'
    expect(readConfig().devPort).toBe(9000)
  } finally {
    process.env = saved
  }
})
