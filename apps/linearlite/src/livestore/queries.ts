import { queryDb } from '@livestore/livestore'
import { tables } from './schema.ts'

export const issues$ = queryDb(tables.issue.orderBy('id', 'asc'), { label: 'issues' })
