import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { repoPath } from '../harness/paths.ts'

// The guide's worked example is a scenario the suite runs: the guide quotes it, never a copy that drifts.

const SPEC = 'e2e/scenarios/bulk-status-overtaken-by-pull.spec.ts'
const GUIDE = 'docs/writing-a-scenario.md'

const codeBlocks = (markdown: string) =>
  [...markdown.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match) => (match[1] as string).trim())

test(`${GUIDE} quotes ${SPEC} whole: its timeline, then the rest of the file`, () => {
  const spec = readFileSync(repoPath(SPEC), 'utf8')
  const timeline = spec.match(/\/\*\*[\s\S]*?\*\//)?.[0]
  if (timeline === undefined) throw new Error(`${SPEC} has no timeline comment`)
  const blocks = codeBlocks(readFileSync(repoPath(GUIDE), 'utf8'))
  // The guide quotes the timeline from its `Timeline:` paragraph on; the spec's steps without it.
  expect(blocks.some((block) => timeline.endsWith(block.replace(/^\/\*\*\n/, '')))).toBe(true)
  expect(blocks).toContain(spec.replace(`${timeline}\n`, '').trim())
})
