import { useState } from 'react'
import { PRIORITIES, STATUSES } from '../labels.ts'
import { issues$ } from '../livestore/queries.ts'
import { events } from '../livestore/schema.ts'
import type { AppStore } from '../livestore/store.ts'
import { useQuery } from '../livestore/use-query.ts'
import { logClient } from '../tmp-log.ts'
import { BulkActions } from './BulkActions.tsx'
import { Menu } from './Menu.tsx'

type Level = 0 | 1 | 2 | 3 | 4

export const IssueList = ({ store }: { store: AppStore }) => {
  const issues = useQuery(store, issues$)
  // Multi-select is view state (no event): a checkbox per row, shift-click selects a range.
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set())
  const [anchor, setAnchor] = useState<number | undefined>(undefined)
  const toggle = (index: number, shiftKey: boolean) => {
    const ids = issues.map((issue) => issue.id)
    const id = ids[index] as number
    const next = new Set(checked)
    if (shiftKey && anchor !== undefined) {
      for (const rangeId of ids.slice(Math.min(anchor, index), Math.max(anchor, index) + 1)) next.add(rangeId)
    } else if (next.has(id)) next.delete(id)
    else next.add(id)
    setChecked(next)
    setAnchor(index)
  }
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
    <>
      <BulkActions
        store={store}
        selected={issues.flatMap((issue) => (checked.has(issue.id) ? [issue.id] : []))}
        onDone={() => setChecked(new Set())}
      />
      <ul className="issues" aria-label="Issues">
        {issues.map((issue, index) => (
          <li key={issue.id} data-testid="issue-row" data-issue-id={issue.id} data-priority={issue.priority}>
            <input
              type="checkbox"
              aria-label={`Select issue ${issue.id}`}
              checked={checked.has(issue.id)}
              onChange={() => undefined}
              onClick={(event) => toggle(index, event.shiftKey)}
            />
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
    </>
  )
}
