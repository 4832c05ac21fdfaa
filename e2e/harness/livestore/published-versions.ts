import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { compareVersions } from './traits.ts'

const run = promisify(execFile)

/** The packages a version must ship for the app and the worker to be built against it. */
const NEEDED = ['@livestore/livestore', '@livestore/adapter-web', '@livestore/sync-cf'] as const

/** The oldest version the harness covers: the long-lived stable line. */
export const OLDEST = '0.3.1'

const versionsOf = async (name: string): Promise<string[]> => {
  const { stdout } = await run('npm', ['view', name, 'versions', '--json'], { timeout: 60_000 })
  return JSON.parse(stdout) as string[]
}

/** Every published LiveStore from 0.3.1 on that ships all the packages the harness needs, oldest first. */
export const publishedVersions = async (): Promise<string[]> => {
  const [first, ...others] = await Promise.all(NEEDED.map(versionsOf))
  return (first ?? [])
    .filter((version) => compareVersions(version, OLDEST) >= 0 && others.every((list) => list.includes(version)))
    .sort(compareVersions)
}
