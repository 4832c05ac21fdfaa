import { Schema } from 'effect'
import { decodeJson, readDataFile } from '../base/data-file.ts'
import { repoPath } from '../paths.ts'
import type { NewEvent } from './control-client.ts'

/** The backlog every test's store is seeded from unless it says otherwise: 53 issues, head e53. */
export const DEFAULT_BACKLOG = repoPath('fixtures/linearlite-backlog.json')

const described = <A, I>(schema: Schema.Schema<A, I>, expected: string): Schema.Schema<A, I> =>
  schema.annotations({ message: () => ({ message: `must be ${expected}`, override: true }) })

const Level = (names: string) => described(Schema.Int.pipe(Schema.between(0, 4)), `an integer from ${names}`)

/** One issue of a pre-seeded backlog, as kept in `fixtures/*.json`. */
export const BacklogIssue = Schema.Struct({
  id: described(Schema.Int.pipe(Schema.positive()), 'a positive integer'),
  title: described(Schema.NonEmptyString, 'a non-empty string'),
  priority: Level('0 (no priority) to 4 (low)'),
  status: Level('0 (backlog) to 4 (canceled)'),
  /** Milliseconds since the epoch. */
  created: described(Schema.Int.pipe(Schema.nonNegative()), 'a time in ms since the epoch'),
  kanbanorder: described(Schema.String, 'a string'),
})
export type BacklogIssue = typeof BacklogIssue.Type

const firstRepeatedId = (issues: readonly BacklogIssue[]) => {
  const seen = new Set<number>()
  const index = issues.findIndex(({ id }) => seen.has(id) || !seen.add(id))
  return index === -1 ? true : { path: [index, 'id'], message: `id ${issues[index]?.id} is used twice` }
}

export const Backlog = Schema.Struct({
  description: Schema.optionalWith(Schema.String, { default: () => '' }),
  issues: Schema.Array(BacklogIssue).pipe(
    Schema.minItems(1, { message: () => 'must be a non-empty array' }),
    Schema.filter(firstRepeatedId),
  ),
})
export type Backlog = typeof Backlog.Type & { path: string }

export const parseBacklog = (text: string, path: string): Backlog => ({ ...decodeJson(Backlog, text, path), path })

export const loadBacklog = (path: string): Backlog => ({ ...readDataFile(Backlog, path), path })

/** The events that create the backlog, encoded as the app's `v1.CreateIssue` expects them. */
export const backlogEvents = (backlog: Backlog): NewEvent[] =>
  backlog.issues.map((issue) => ({ name: 'v1.CreateIssue', args: { ...issue, modified: issue.created } }))

/**
 * Issues another writer creates while a test runs (the upstream backlog of a scenario): ids from
 * `firstId` on, so they never collide with a backlog's.
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
