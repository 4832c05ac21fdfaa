import { PRIORITIES } from '../../../apps/linearlite/src/labels.ts'
import type { MadeChange } from './change.ts'

export type PriorityName = (typeof PRIORITIES)[number]

/** The event a priority pick commits, as the verdict follows it. */
export const priorityChange = (issueId: number, priority: PriorityName, changedAt: number): MadeChange => ({
  target: {
    event: 'v1.UpdateIssuePriority',
    args: { id: issueId, priority: PRIORITIES.indexOf(priority) },
    label: `issue ${issueId} priority → ${priority}`,
  },
  changedAt,
})
