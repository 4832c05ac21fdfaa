import { writerIssueEvents } from '../backend/backlog.ts'
import { test as base } from './servers.ts'

/** Another client of the store, writing straight to the backend: no browser, no leader. */
interface Writer {
  /** Appends `count` new issues in one push (ids from 10 000 on, never a backlog's); resolves with the backend's new head. */
  createIssues(count: number): Promise<number>
}

const WRITER_ID = 'upstream-writer'
const FIRST_ISSUE_ID = 10_000

export const test = base.extend<{ writer: Writer }>({
  writer: async ({ backend, store }, use) => {
    let nextId = FIRST_ISSUE_ID
    await use({
      createIssues: (count) => {
        const events = writerIssueEvents(count, nextId)
        nextId += count
        return backend.control.appendEvents(store.id, events, WRITER_ID)
      },
    })
  },
})
