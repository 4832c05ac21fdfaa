import { expect, test } from '@playwright/test'
import { deviceKind, UnknownDeviceKindError, unsupportedDevice } from '../harness/browser/device-kinds.ts'
import { traitsOf } from '../harness/livestore/traits.ts'

test('an unknown device kind is one line naming the known ones', () => {
  expect(deviceKind('http-tab')).toBe('http-tab')
  expect(() => deviceKind('phone')).toThrow(UnknownDeviceKindError)
  expect(() => deviceKind('phone')).toThrow(/^unknown device kind "phone" \(known: tab, http-tab\)$/)
  expect(() => deviceKind(undefined)).toThrow(/^unknown device kind undefined \(known: tab, http-tab\)$/)
})

test('an HTTP tab needs a LiveStore with the HTTP transport: not applicable on 0.3.1, with the reason', () => {
  expect(unsupportedDevice('http-tab', traitsOf('0.3.1'))).toBe(
    "device kind http-tab needs sync-cf's HTTP transport (0.4.0-dev.8 on)",
  )
  expect(unsupportedDevice('http-tab', traitsOf('0.4.0-dev.8'))).toBeUndefined()
  expect(unsupportedDevice('tab', traitsOf('0.3.1'))).toBeUndefined()
})
