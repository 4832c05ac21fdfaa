import { Events, makeSchema, Schema, SessionIdSymbol, State } from '@livestore/livestore'

const Priority = Schema.Literal(0, 1, 2, 3, 4)
const Status = Schema.Literal(0, 1, 2, 3, 4)

const issue = State.SQLite.table({
  name: 'issue',
  columns: {
    id: State.SQLite.integer({ primaryKey: true }),
    title: State.SQLite.text({ default: '' }),
    priority: State.SQLite.integer({ schema: Priority, default: 0 }),
    status: State.SQLite.integer({ schema: Status, default: 0 }),
    created: State.SQLite.integer({ schema: Schema.DateFromNumber }),
    modified: State.SQLite.integer({ schema: Schema.DateFromNumber }),
    kanbanorder: State.SQLite.text({ default: '' }),
  },
})

/** UI state lives in client documents, as in LinearLite: setting them at boot emits client-only events. */
const filterState = State.SQLite.clientDocument({
  name: 'filter_state',
  schema: Schema.Struct({
    orderBy: Schema.Literal('priority', 'status', 'created', 'modified'),
    orderDirection: Schema.Literal('asc', 'desc'),
    status: Schema.NullOr(Schema.Array(Status)),
  }),
  default: { id: SessionIdSymbol, value: { orderBy: 'created', orderDirection: 'asc', status: null } },
})

const frontendState = State.SQLite.clientDocument({
  name: 'frontend_state',
  schema: Schema.Struct({ user: Schema.String, showToolbar: Schema.Boolean }),
  default: { id: SessionIdSymbol, value: { user: 'harness', showToolbar: true } },
})

const selectionState = State.SQLite.clientDocument({
  name: 'selection_state',
  schema: Schema.Struct({ selectedIssueId: Schema.NullOr(Schema.Number) }),
  default: { id: SessionIdSymbol, value: { selectedIssueId: null } },
})

export const tables = { issue, filterState, frontendState, selectionState }

export const events = {
  createIssue: Events.synced({
    name: 'v1.CreateIssue',
    schema: Schema.Struct({
      id: Schema.Number,
      title: Schema.String,
      priority: Priority,
      status: Status,
      created: Schema.DateFromNumber,
      modified: Schema.DateFromNumber,
      kanbanorder: Schema.String,
    }),
  }),
  updateIssuePriority: Events.synced({
    name: 'v1.UpdateIssuePriority',
    schema: Schema.Struct({ id: Schema.Number, priority: Priority, modified: Schema.DateFromNumber }),
  }),
  updateIssueStatus: Events.synced({
    name: 'v1.UpdateIssueStatus',
    schema: Schema.Struct({ id: Schema.Number, status: Status, modified: Schema.DateFromNumber }),
  }),
  filterStateSet: filterState.set,
  frontendStateSet: frontendState.set,
  selectionStateSet: selectionState.set,
}

const materializers = State.SQLite.materializers(events, {
  'v1.CreateIssue': (issue) => tables.issue.insert(issue),
  'v1.UpdateIssuePriority': ({ id, priority, modified }) => tables.issue.update({ priority, modified }).where({ id }),
  'v1.UpdateIssueStatus': ({ id, status, modified }) => tables.issue.update({ status, modified }).where({ id }),
})

export const schema = makeSchema({ events, state: State.SQLite.makeState({ tables, materializers }) })
