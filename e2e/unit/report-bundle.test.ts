import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { UsageError } from '../harness/base/known-errors.ts'
import { repoPath } from '../harness/paths.ts'
import { replayCommand } from '../harness/report/bug-report.ts'
import { readTestFolder, renderBundle, specComment } from '../harness/report/bundle.ts'
import { sequenceDiagram } from '../harness/report/sequence-diagram.ts'
import { storyLines } from '../harness/report/story-lines.ts'
import { buildTimeline, orderLanes } from '../harness/report/timeline-model.ts'
import { toTraceEvents } from '../harness/report/trace-events.ts'

// A real family B stall on 0.4.0-dev.22, recorded (fixtures/recorded-runs/).
const recorded = readTestFolder(repoPath('fixtures/recorded-runs/family-b-empty-final-page-0.4.0-dev.22'))
const { lines, verdict } = recorded

test('the story is 20 to 40 lines, the stuck push and the latch left closed among them', () => {
  const story = storyLines(lines, verdict)
  expect(story.length).toBeGreaterThanOrEqual(20)
  expect(story.length).toBeLessThanOrEqual(40)
  const names = story.map(
    (line) => `${line.source} ${line.name} ${String(line.fields.seqs ?? line.fields.first ?? '')}`,
  )
  expect(names).toContain('leader push:recv e55')
  expect(names).toContain('leader latch:closeLocalPushes e54')
  expect(story.some((line) => line.source === 'leader-otel')).toBe(false)
  expect(story.map((line) => line.t)).toEqual([...story.map((line) => line.t)].sort((a, b) => a - b))
})

test('the sequence diagram is short, pasteable mermaid ending on the verdict', () => {
  const diagram = sequenceDiagram(lines, verdict).split('\n')
  expect(diagram[0]).toBe('sequenceDiagram')
  const messages = diagram.filter((line) => !line.trimStart().startsWith('participant')).slice(1)
  expect(messages.length).toBeLessThanOrEqual(31)
  expect(diagram).toContain('  page->>leader_worker: ▶ push→leader e55 (+46ms)')
  expect(diagram.at(-1)).toBe('  Note over harness,backend: ✗ stalled at leader-advanced, family B')
  // `;` ends a mermaid statement and `#` starts an entity: neither may appear in a message.
  expect(messages.filter((line) => /[;#]/.test(line))).toEqual([])
})

test('the trace has a process per lane, an instant per line and every span closed', () => {
  const model = buildTimeline(lines, verdict)
  const { traceEvents } = toTraceEvents(model)
  const names = traceEvents.filter((event) => event.name === 'process_name').map((event) => event.args?.name)
  expect(names).toEqual(['harness', 'page', 'leader-worker', 'backend'])
  expect(traceEvents.filter((event) => event.ph === 'i' && event.tid === 1 && event.s === 't')).toHaveLength(
    model.marks.length,
  )
  const begun = traceEvents.filter((event) => event.ph === 'b').map((event) => event.id)
  const ended = traceEvents.filter((event) => event.ph === 'e').map((event) => event.id)
  expect(ended).toEqual(begun)
  expect(model.spans.find((span) => span.kind === 'leader-push' && span.open)?.name).toBe('push e55..e55 → advance')
})

test('the bug report carries the versions, the verdict, the diagram, the story and the replay command', () => {
  const command =
    'npm run e2e -- --livestore 0.4.0-dev.22 e2e/scenarios/family-b-pull-precedence.spec.ts ' +
    '-g "a priority change after a pagination whose final page is empty" --repeat 20 --trace retain-on-failure'
  expect(replayCommand(verdict)).toBe(command)
  const bundle = renderBundle({
    lines,
    verdict,
    files: ['tmp-logs.jsonl', 'verdict.json'],
    scenarioComment: 'Timeline: …',
  })
  const report = bundle['bug-report.md']
  for (const part of ['LiveStore: 0.4.0-dev.22', 'Browser: Chromium', 'Timeline: …', '```mermaid', command]) {
    expect(report).toContain(part)
  }
  expect(report).toContain('- `report.html`')
  expect(bundle['report.html'].length).toBeLessThan(1_000_000)
  expect(bundle['report.html']).not.toMatch(/<script[^>]+src=|<link[^>]+href=/)
})

test('lanes come from the processes present, extra tabs next to their first', () => {
  expect(
    orderLanes(['backend', 'leader-worker#2', 'page#2', 'page', 'harness', 'leader-worker', 'shared-worker']),
  ).toEqual(['harness', 'page', 'page#2', 'shared-worker', 'leader-worker', 'leader-worker#2', 'backend'])
})

test("a spec's comment above its test is its scenario", () => {
  const source =
    "/** Other. */\ntest('one', () => {})\n/**\n * Timeline: a, then b.\n *   indented\n */\ntest('two', () => {})"
  expect(specComment(source, 'two')).toBe('Timeline: a, then b.\n  indented')
  expect(specComment(source, 'three')).toBeUndefined()
})

test('a folder without the run files, or with broken ones, is a usage error', () => {
  const folder = mkdtempSync(join(tmpdir(), 'report-'))
  expect(() => readTestFolder(join(folder, 'missing'))).toThrow(UsageError)
  expect(() => readTestFolder(folder)).toThrow(/no verdict.json/)
  writeFileSync(join(folder, 'verdict.json'), '{"ok": true')
  expect(() => readTestFolder(folder)).toThrow(/verdict.json: not valid JSON/)
  writeFileSync(join(folder, 'verdict.json'), '{"ok": "yes"}')
  expect(() => readTestFolder(folder)).toThrow(/verdict.json: ok: Expected boolean/)
  writeFileSync(join(folder, 'verdict.json'), JSON.stringify(verdict))
  writeFileSync(join(folder, 'tmp-logs.jsonl'), '{"t": 1}\nnot json\n')
  expect(() => readTestFolder(folder)).toThrow(/tmp-logs.jsonl:2/)
})
