import { PRIORITIES, STATUSES } from '../labels.ts'
import { events } from '../livestore/schema.ts'
import type { AppStore } from '../livestore/store.ts'
import { logClient } from '../tmp-log.ts'
import { Menu } from './Menu.tsx'

type Level = 0 | 1 | 2 | 3 | 4

interface BulkActionsProps {
  store: AppStore
  /** The selected issue ids, in list order. */
  selected: readonly number[]
  onDone: () => void
}

/**
 * LinearLite's bulk edit of the selected issues. Each action is ONE `store.commit` of N events:
 * the session pushes them to the leader as one batch (what family C needs). One `ui:commit` line
 * per event, with its index in the batch, lets the verdict follow any one of them.
 */
export const BulkActions = ({ store, selected, onDone }: BulkActionsProps) => {
  const commitAll = (name: string, field: 'priority' | 'status', value: Level) => {
    const modified = new Date()
    store.commit(
      ...selected.map((id) =>
        field === 'priority'
          ? events.updateIssuePriority({ id, priority: value, modified })
          : events.updateIssueStatus({ id, status: value, modified }),
      ),
    )
    for (const [batchIndex, issueId] of selected.entries()) {
      logClient('ui:commit', { event: name, issueId, [field]: value, batchSize: selected.length, batchIndex })
    }
    onDone()
  }
  if (selected.length === 0) return null
  return (
    <div className="bulk-actions" role="toolbar" aria-label="Bulk actions">
      <span>{selected.length} selected</span>
      <Menu
        label="Set priority…"
        options={PRIORITIES}
        selected={-1}
        onSelect={(index) => commitAll('v1.UpdateIssuePriority', 'priority', index as Level)}
      />
      <Menu
        label="Set status…"
        options={STATUSES}
        selected={-1}
        onSelect={(index) => commitAll('v1.UpdateIssueStatus', 'status', index as Level)}
      />
    </div>
  )
}
