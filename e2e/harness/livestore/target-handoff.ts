import { Schema } from 'effect'
import { decodeData } from '../run/data-file.ts'
import { LivestoreTarget } from './resolve-target.ts'

/**
 * How the global setup hands the LiveStores it resolved (and installed) to Playwright's worker
 * processes, so they neither resolve nor install them again: by the spec each project asked for
 * (a version, a path, or '' for the repository's own).
 */
const TARGETS_ENV = 'HARNESS_LIVESTORE_TARGETS'

const Targets = Schema.Record({ key: Schema.String, value: LivestoreTarget })

export const shareTargets = (targets: Record<string, LivestoreTarget>): void => {
  process.env[TARGETS_ENV] = JSON.stringify(targets)
}

export const preparedTarget = (spec: string): LivestoreTarget => {
  const targets = decodeData(Targets, JSON.parse(process.env[TARGETS_ENV] ?? '{}'), TARGETS_ENV)
  const target = targets[spec]
  if (target === undefined) throw new Error(`LiveStore '${spec}' was not prepared by the global setup`)
  return target
}
