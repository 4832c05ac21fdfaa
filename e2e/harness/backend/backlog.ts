import { repoPath } from '../paths.ts'
import { parseFixtureJson, readFixtureFile } from '../run/data-file.ts'
import type { NewEvent } from './control-client.ts'

/** The backlog every test's store is seeded from unless it says otherwise: 53 issues, head e53. */
export const DEFAULT_BACKLOG = repoPath('fixtures/linearlite-backlog.json')

/** One issue of a pre-seeded backlog, as kept in `fixtures/*.json`. */
export interface FixtureIssue {
  id: number
  title: string
  priority: number
  status: number
  /** Milliseconds since the epoch. */
  created: number
  kanbanorder: string
}

export interface BacklogFixture {
  path: string
  description: string
  issues: FixtureIssue[]
}

type Check = (value: unknown) => boolean
const isLevel: Check = (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 4
const ISSUE_FIELDS: Record<keyof FixtureIssue, [Check, string]> = {
  id: [(value) => Number.isInteger(value) && (value as number) > 0, 'a positive integer'],
  title: [(value) => typeof value === 'string' && value !== '', 'a non-empty string'],
  priority: [isLevel, 'an integer from 0 (no priority) to 4 (low)'],
  status: [isLevel, 'an integer from 0 (backlog) to 4 (canceled)'],
  created: [(value) => Number.isInteger(value) && (value as number) >= 0, 'a time in ms since the epoch'],
  kanbanorder: [(value) => typeof value === 'string', 'a string'],
}

export const parseBacklogFixture = (text: string, path: string): BacklogFixture => {
  const { raw, fail } = parseFixtureJson(text, path)
  if (typeof raw !== 'object' || raw === null) return fail('must be an object with "issues"')
  const { description, issues } = raw as { description?: unknown; issues?: unknown }
  if (!Array.isArray(issues) || issues.length === 0) return fail('"issues" must be a non-empty array')
  const seen = new Set<number>()
  issues.forEach((issue: unknown, index) => {
    if (typeof issue !== 'object' || issue === null) fail(`issues[${index}] must be an object`)
    for (const [field, [check, expected]] of Object.entries(ISSUE_FIELDS)) {
      if (!check((issue as Record<string, unknown>)[field])) fail(`issues[${index}].${field} must be ${expected}`)
    }
    const { id } = issue as FixtureIssue
    if (seen.has(id)) fail(`issues[${index}].id ${id} is used twice`)
    seen.add(id)
  })
  return { path, description: typeof description === 'string' ? description : '', issues: issues as FixtureIssue[] }
}

export const loadBacklogFixture = (path: string): BacklogFixture => parseBacklogFixture(readFixtureFile(path), path)

/** The events that create the backlog, encoded as the app's `v1.CreateIssue` expects them. */
export const backlogEvents = (fixture: BacklogFixture): NewEvent[] =>
  fixture.issues.map((issue) => ({
    name: 'v1.CreateIssue',
    args: { ...issue, modified: issue.created },
  }))

/**
 * Issues another writer creates while a test runs (the upstream backlog of a scenario): ids from
 * `firstId` on, so they never collide with a fixture's.
 */
export const writerIssueEvents = (count: number, firstId: number, created = Date.UTC(2026, 0, 1)): NewEvent[] =>
  Array.from({ length: count }, (_, index) => ({
    name: 'v1.CreateIssue',
    args: {
      id: firstId + index,
      title: `Upstream issue ${firstId + index}`,
      priority: 0,
      status: 1,
      created,
      modified: created,
      kanbanorder: `z${String(index).padStart(5, '0')}`,
    },
  }))
