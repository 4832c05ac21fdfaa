import { type LivestoreTarget, resolveLivestore } from './resolve-target.ts'

/**
 * How the CLI hands the LiveStore it resolved (and installed) to Playwright's processes, so they
 * neither resolve nor install it again. Without it (Playwright run directly) they resolve
 * `LIVESTORE_VERSION` themselves.
 */
const TARGET_ENV = 'HARNESS_LIVESTORE_TARGET'

export const shareTarget = (target: LivestoreTarget): void => {
  process.env[TARGET_ENV] = JSON.stringify(target)
}

export const livestoreUnderTest = async (progress?: (line: string) => void): Promise<LivestoreTarget> => {
  const shared = process.env[TARGET_ENV]
  if (shared !== undefined && shared !== '') return JSON.parse(shared) as LivestoreTarget
  return resolveLivestore(process.env.LIVESTORE_VERSION, progress)
}

/** The label of the LiveStore the CLI resolved, for reports; `undefined` when Playwright runs directly. */
export const sharedTargetLabel = (): string | undefined => {
  const shared = process.env[TARGET_ENV]
  return shared === undefined || shared === '' ? undefined : (JSON.parse(shared) as LivestoreTarget).label
}
