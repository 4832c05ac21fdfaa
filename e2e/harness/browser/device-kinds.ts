import { DEVICE_KINDS, type DeviceKind, TAB_KINDS, type TabKind } from '../../../apps/contract/device-kind.ts'
import { KnownError } from '../base/known-errors.ts'
import type { LivestoreTraits } from '../livestore/traits.ts'

export class UnknownDeviceKindError extends KnownError {}

/** A device kind a scenario or a schedule names, checked where it comes in. */
export const deviceKind = (value: unknown): DeviceKind => {
  if (DEVICE_KINDS.includes(value as DeviceKind)) return value as DeviceKind
  throw new UnknownDeviceKindError(`unknown device kind ${JSON.stringify(value)} (known: ${DEVICE_KINDS.join(', ')})`)
}

/** A device kind a tab can be: a replica has no tab (`app.openReplica()` opens it). */
export const tabKind = (value: unknown): TabKind => {
  const kind = deviceKind(value)
  if (TAB_KINDS.includes(kind as TabKind)) return kind as TabKind
  throw new UnknownDeviceKindError(`device kind ${kind} has no tab: open it with app.openReplica()`)
}

/** Why this LiveStore cannot run a kind of device, or undefined when it can. */
export const unsupportedDevice = (kind: DeviceKind, traits: LivestoreTraits): string | undefined => {
  if (kind === 'http-tab' && !traits.rpcTransports)
    return "device kind http-tab needs sync-cf's HTTP transport (0.4.0-dev.8 on)"
  if (kind === 'replica' && !traits.cloudflareAdapter)
    return 'device kind replica needs @livestore/adapter-cloudflare (the harness bundles it from 0.4.0 on)'
  return undefined
}
