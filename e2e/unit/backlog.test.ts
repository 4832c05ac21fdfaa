import { expect, test } from '@playwright/test'
import { backlogEvents, DEFAULT_BACKLOG, loadBacklog, parseBacklog } from '../harness/backend/backlog.ts'
import { DataFileError } from '../harness/base/data-file.ts'
import { repoPath } from '../harness/paths.ts'

const issue = { id: 1, title: 'Fix sync', priority: 2, status: 1, created: 1_735_689_600_000, kanbanorder: 'a001' }
const parse = (value: unknown) => parseBacklog(JSON.stringify(value), repoPath('fixtures/bad.json'))

test('the shipped backlog puts the backend head at e53, as in the root-cause analysis', () => {
  const fixture = loadBacklog(DEFAULT_BACKLOG)
  expect(fixture.issues).toHaveLength(53)
  expect(backlogEvents(fixture)[0]).toEqual({
    name: 'v1.CreateIssue',
    args: { ...fixture.issues[0], modified: fixture.issues[0]?.created },
  })
})

test('a malformed backlog is a one-line error naming the file and the field', () => {
  const cases: [unknown, string][] = [
    [
      { issues: [{ ...issue, priority: 7 }] },
      'fixtures/bad.json: issues[0].priority: must be an integer from 0 (no priority) to 4 (low)',
    ],
    [{ issues: [issue, { ...issue, title: '' }] }, 'fixtures/bad.json: issues[1].title: must be a non-empty string'],
    [{ issues: [issue, issue] }, 'fixtures/bad.json: issues[1].id: id 1 is used twice'],
    [{ issues: [] }, 'fixtures/bad.json: issues: must be a non-empty array'],
  ]
  for (const [value, message] of cases) {
    expect(() => parse(value)).toThrow(new DataFileError(message))
  }
  expect(() => parseBacklog('{', repoPath('fixtures/bad.json'))).toThrow(/^fixtures\/bad\.json: not valid JSON/)
  expect(() => loadBacklog(repoPath('fixtures/missing.json'))).toThrow('fixtures/missing.json: cannot be read')
})
