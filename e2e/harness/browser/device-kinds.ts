import { DEVICE_KINDS, type DeviceKind } from '../../../apps/contract/device-kind.ts'
import { KnownError } from '../base/known-errors.ts'
import type { LivestoreTraits } from '../livestore/traits.ts'

export class UnknownDeviceKindError extends KnownError {}

/** A device kind a scenario or a schedule names, checked where it comes in. */
export const deviceKind = (value: unknown): DeviceKind => {
  if (DEVICE_KINDS.includes(value as DeviceKind)) return value as DeviceKind
  throw new UnknownDeviceKindError(`unknown device kind ${JSON.stringify(value)} (known: ${DEVICE_KINDS.join(', ')})`)
}

/** Why this LiveStore cannot run a kind of device, or undefined when it can. */
export const unsupportedDevice = (kind: DeviceKind, traits: LivestoreTraits): string | undefined =>
  kind === 'http-tab' && !traits.rpcTransports
    ? "device kind http-tab needs sync-cf's HTTP transport (0.4.0-dev.8 on)"
    : undefined
