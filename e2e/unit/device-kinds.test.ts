import { expect, test } from '@playwright/test'
import { deviceKind, tabKind, UnknownDeviceKindError, unsupportedDevice } from '../harness/browser/device-kinds.ts'
import { traitsOf } from '../harness/livestore/traits.ts'

test('an unknown device kind is one line naming the known ones', () => {
  expect(deviceKind('http-tab')).toBe('http-tab')
  expect(() => deviceKind('phone')).toThrow(UnknownDeviceKindError)
  expect(() => deviceKind('phone')).toThrow(/^unknown device kind "phone" \(known: tab, http-tab, replica\)$/)
  expect(() => deviceKind(undefined)).toThrow(/^unknown device kind undefined \(known: tab, http-tab, replica\)$/)
})

test('a replica is no tab: asked of a tab, one line says how to open it', () => {
  expect(tabKind('tab')).toBe('tab')
  expect(() => tabKind('replica')).toThrow(/^device kind replica has no tab: open it with app.openReplica\(\)$/)
})

test('a kind the LiveStore under test lacks is not applicable, with the reason', () => {
  expect(unsupportedDevice('http-tab', traitsOf('0.3.1'))).toBe(
    "device kind http-tab needs sync-cf's HTTP transport (0.4.0-dev.8 on)",
  )
  expect(unsupportedDevice('http-tab', traitsOf('0.4.0-dev.8'))).toBeUndefined()
  expect(unsupportedDevice('tab', traitsOf('0.3.1'))).toBeUndefined()
  expect(unsupportedDevice('replica', traitsOf('0.4.0-dev.22'))).toBe(
    'device kind replica needs @livestore/adapter-cloudflare (the harness bundles it from 0.4.0 on)',
  )
  expect(unsupportedDevice('replica', traitsOf('0.4.0'))).toBeUndefined()
})
