/** Menu labels; an issue's priority and status are indexes into these. Shared with the harness. */
export const PRIORITIES = ['No priority', 'Urgent', 'High', 'Medium', 'Low'] as const
export const STATUSES = ['Backlog', 'Todo', 'In Progress', 'Done', 'Canceled'] as const
