import { type FormEvent, useState } from 'react'
import { events } from '../livestore/schema.ts'
import type { AppStore } from '../livestore/store.ts'
import { logClient } from '../tmp-log.ts'

export const NewIssueForm = ({ store }: { store: AppStore }) => {
  const [title, setTitle] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (title.trim() === '') return
    const now = new Date()
    // Random ids: two clients creating issues at once must not collide.
    const id = Math.floor(Math.random() * 2 ** 31)
    store.commit(
      events.createIssue({
        id,
        title: title.trim(),
        priority: 0,
        status: 1,
        created: now,
        modified: now,
        kanbanorder: 'a0',
      }),
    )
    logClient('ui:commit', { event: 'v1.CreateIssue', issueId: id })
    setTitle('')
  }
  return (
    <form onSubmit={submit} aria-label="New issue">
      <input aria-label="Issue title" value={title} onChange={(event) => setTitle(event.target.value)} />
      <button type="submit">New issue</button>
    </form>
  )
}
