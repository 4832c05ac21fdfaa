import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import type { BrowserContext } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { DevicePool } from '../harness/browser/devices.ts'

/** A stand-in for a launched device: what the pool calls on it, and what was done to it. */
const fakeDevice = (profileDir: string, { connected = true } = {}) => {
  const done: string[] = []
  const page = { close: async () => void done.push('page closed') }
  const pages = [page]
  const device = {
    profileDir,
    done,
    pages: () => pages,
    setOffline: async (offline: boolean) => void done.push(`offline ${offline}`),
    browser: () => ({ isConnected: () => connected }),
    close: async () => void done.push('closed'),
  }
  return device
}
type FakeDevice = ReturnType<typeof fakeDevice>

const poolOf = async (connected = true) => {
  const launched: FakeDevice[] = []
  const pool = await DevicePool.create(async (profileDir) => {
    const device = fakeDevice(profileDir, { connected })
    launched.push(device)
    return device as unknown as BrowserContext
  })
  return { pool, launched }
}

test('a device given back is lent again, online and without its pages; a new one gets a profile of its own', async () => {
  const { pool, launched } = await poolOf()
  const first = await pool.take()
  const second = await pool.take()
  expect(launched.map((device) => device.profileDir.split('/').pop())).toEqual(['device-1', 'device-2'])
  await pool.give(first)
  expect(launched[0]?.done).toEqual(['page closed', 'offline false', 'page closed'])
  expect(await pool.take()).toBe(first)
  expect(launched).toHaveLength(2)
  await pool.give(second)
  await pool.close()
})

test('a device whose browser died is dropped, not lent again; closing the pool removes the profiles', async () => {
  const { pool, launched } = await poolOf(false)
  const device = await pool.take()
  const root = dirname(launched[0]?.profileDir ?? '')
  expect(existsSync(root)).toBe(true)
  await pool.give(device)
  expect(launched[0]?.done.at(-1)).toBe('closed')
  expect(await pool.take()).not.toBe(device)
  expect(launched).toHaveLength(2)
  await pool.close()
  expect(existsSync(root)).toBe(false)
})
