import { PRIORITIES, STATUSES } from '../labels.ts'
import { issues$ } from '../livestore/queries.ts'
import { events } from '../livestore/schema.ts'
import type { AppStore } from '../livestore/store.ts'
import { useQuery } from '../livestore/use-query.ts'
import { logClient } from '../tmp-log.ts'
import { Menu } from './Menu.tsx'

type Level = 0 | 1 | 2 | 3 | 4

export const IssueList = ({ store }: { store: AppStore }) => {
  const issues = useQuery(store, issues$)
  const setPriority = (id: number, priority: Level) => {
    store.commit(events.updateIssuePriority({ id, priority, modified: new Date() }))
    logClient('ui:commit', { event: 'v1.UpdateIssuePriority', issueId: id, priority })
  }
  const select = (id: number) => {
    // Selection is UI state in a client document: a client-only event, never synced.
    store.commit(events.selectionStateSet({ selectedIssueId: id }))
    logClient('ui:commit', { event: 'selection_state', issueId: id })
  }
  const setStatus = (id: number, status: Level) => {
    store.commit(events.updateIssueStatus({ id, status, modified: new Date() }))
    logClient('ui:commit', { event: 'v1.UpdateIssueStatus', issueId: id, status })
  }
  return (
    <ul className="issues" aria-label="Issues">
      {issues.map((issue) => (
        <li key={issue.id} data-testid="issue-row" data-issue-id={issue.id} data-priority={issue.priority}>
          <Menu
            label="Select priority"
            options={PRIORITIES}
            selected={issue.priority}
            onSelect={(index) => setPriority(issue.id, index as Level)}
          />
          <Menu
            label="Select status"
            options={STATUSES}
            selected={issue.status}
            onSelect={(index) => setStatus(issue.id, index as Level)}
          />
          <button type="button" className="title" onClick={() => select(issue.id)}>
            {issue.title}
          </button>
        </li>
      ))}
    </ul>
  )
}
