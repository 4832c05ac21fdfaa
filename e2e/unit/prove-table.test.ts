import { expect, test } from '@playwright/test'
import type { LivestoreTarget } from '../harness/livestore/target.ts'
import { countSide, newStalls, proveMarkdown, proveOutcome } from '../harness/report/prove-table.ts'
import type { SummaryRow } from '../harness/report/summary.ts'
import type { ExpectationTable } from '../harness/verdict/expectations.ts'
import type { VerdictStage } from '../harness/verdict/verdict-record.ts'

const livestore: LivestoreTarget = {
  request: { livestore: '0.4.0', patches: [] },
  kind: 'repository',
  version: '0.4.0',
  patches: [],
  label: '0.4.0',
  root: '/repo',
  fingerprint: { packages: {}, hash: 'none' },
}

type Run = 'drained' | { stage: VerdictStage; family?: 'C' } | 'no verdict'

const row = (scenarioId: string, run: Run): SummaryRow => ({
  scenario: scenarioId,
  scenarioId,
  project: 'scenarios',
  livestore,
  expected: '',
  observed: run === 'no verdict' ? 'Error: the page crashed' : '',
  outcome: run === 'no verdict' ? 'failed' : 'passed',
  timeToVerdictMs: run === 'no verdict' ? null : 1,
  verdict:
    run === 'no verdict'
      ? null
      : {
          ok: run === 'drained',
          stage: run === 'drained' ? 'drained' : run.stage,
          message: '',
          stages: [],
          ...(run !== 'drained' && run.family !== undefined ? { family: { id: run.family, explanation: '' } } : {}),
          livestore,
          storeId: 's',
          windowMs: 1,
          timeToVerdictMs: 1,
        },
  artifacts: [],
  metrics: [],
})

const C = { stage: 'leader-advanced', family: 'C' } as const
const times = (n: number, run: Run) => Array.from({ length: n }, () => row('family-C-stale-push-head', run))
const table: ExpectationTable = {
  'family-C-stale-push-head': [{ from: '0.4.0', expect: 'stalls', stage: 'leader-advanced' }],
  'family-D-handoff-before-leader-received': [{ from: '0.4.0', expect: 'stalls', stage: 'store-answering' }],
  'priority-change': [{ from: '0.4.0', expect: 'drains' }],
}

test('fixed: stalled before, drained every run after, and no other scenario newly stalls', () => {
  const before = countSide(times(10, C))
  expect(before).toMatchObject({ runs: 10, stalled: 10, drained: 0, noVerdict: 0 })
  expect([...before.stalls]).toEqual([['leader-advanced, family C', 10]])
  const others = [
    row('priority-change', 'drained'),
    row('family-D-handoff-before-leader-received', { stage: 'store-answering' }),
  ]
  // A known stall of another scenario (family D) that still stalls is not new.
  expect(newStalls(others, table, '0.4.0')).toEqual([])
  expect(proveOutcome(before, countSide(times(10, 'drained')), [])).toEqual({ result: 'fixed' })
})

test('not fixed when one run after stalls or ends without a verdict; not reproduced when it never stalled', () => {
  const before = countSide(times(10, C))
  expect(proveOutcome(before, countSide([...times(9, 'drained'), ...times(1, C)]), [])).toMatchObject({
    result: 'not fixed',
  })
  expect(proveOutcome(before, countSide([...times(9, 'drained'), ...times(1, 'no verdict')]), [])).toMatchObject({
    result: 'not fixed',
  })
  expect(proveOutcome(countSide(times(10, 'drained')), countSide(times(10, 'drained')), [])).toMatchObject({
    result: 'not reproduced',
  })
})

test('fixed, but: a scenario expected to drain that stalls with the fix, or ends without a verdict', () => {
  const others = [row('priority-change', { stage: 'backend-stored' }), row('family-B-starvation', 'no verdict')]
  const stalls = newStalls(others, table, '0.4.0')
  expect(stalls).toEqual([
    { scenario: 'priority-change', observed: 'backend-stored' },
    { scenario: 'family-B-starvation', observed: 'no verdict: Error: the page crashed' },
  ])
  const outcome = proveOutcome(countSide(times(10, C)), countSide(times(10, 'drained')), stalls)
  expect(outcome.result).toBe('fixed, but')
  const markdown = proveMarkdown({
    scenario: 'family-C-stale-push-head',
    before: { label: '0.4.0', rows: times(10, C) },
    after: { label: '0.4.0+fix.patch', rows: times(10, 'drained') },
    others,
    table,
    version: '0.4.0',
    outcome,
    command: 'npm run prove -- family-C-stale-push-head --patch fix.patch --runs 10',
  })
  expect(markdown).toContain('| 0.4.0 | 10 | 10 | leader-advanced, family C (10) | 0 | 0 |')
  expect(markdown).toContain('| 0.4.0+fix.patch | 10 | 0 | – | 10 | 0 |')
  expect(markdown).toContain('| priority-change | drains | backend-stored |')
  expect(markdown.split('\n')[0]).toBe(
    '## `family-C-stale-push-head`: fixed, but priority-change now stalls (backend-stored); family-B-starvation now stalls (no verdict: Error: the page crashed)',
  )
})
