import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { BENCH_DOC, benchTable, readBench } from '../harness/report/bench-record.ts'

// The docs' figures are what `npm run bench -- --record` wrote, never typed.

test('docs/measurements.md quotes fixtures/bench.json as the bench wrote it', () => {
  const record = readBench()
  if (record === undefined) throw new Error('no fixtures/bench.json: record one with npm run bench -- --record')
  expect(readFileSync(BENCH_DOC, 'utf8')).toContain(benchTable(record))
})
