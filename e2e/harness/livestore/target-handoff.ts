import { Schema } from 'effect'
import { decodeData } from '../base/data-file.ts'
import { type LivestoreRequest, LivestoreTarget } from './target.ts'

/**
 * How the global setup hands the LiveStores it resolved (installed, patched, linked) to
 * Playwright's worker processes, so they neither resolve nor install them again: by request.
 */
const TARGETS_ENV = 'HARNESS_LIVESTORE_TARGETS'

const Targets = Schema.Record({ key: Schema.String, value: LivestoreTarget })

export const requestKey = (request: LivestoreRequest): string => JSON.stringify([request.livestore, request.patches])

export const shareTargets = (targets: readonly LivestoreTarget[]): void => {
  process.env[TARGETS_ENV] = JSON.stringify(
    Object.fromEntries(targets.map((target) => [requestKey(target.request), target])),
  )
}

/** The target resolved for a request; undefined when no global setup resolved it (the unit tests' runs). */
export const findPreparedTarget = (request: LivestoreRequest): LivestoreTarget | undefined =>
  decodeData(Targets, JSON.parse(process.env[TARGETS_ENV] ?? '{}'), TARGETS_ENV)[requestKey(request)]

export const preparedTarget = (request: LivestoreRequest): LivestoreTarget => {
  const target = findPreparedTarget(request)
  if (target === undefined) throw new Error(`LiveStore ${requestKey(request)} was not prepared by the global setup`)
  return target
}
