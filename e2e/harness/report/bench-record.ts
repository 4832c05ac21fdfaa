import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { Schema } from 'effect'
import { readDataFile } from '../base/data-file.ts'
import { repoPath } from '../paths.ts'

/** `fixtures/bench.json`: what `npm run bench -- --record` measured last, the one source of the figures docs quote. */
export const BENCH_FILE = repoPath('fixtures/bench.json')
/** The page that quotes the record, between these two lines. */
export const BENCH_DOC = repoPath('docs/measurements.md')
const START = '<!-- bench:start (written by npm run bench -- --record) -->'
const END = '<!-- bench:end -->'

export const BenchRecord = Schema.Struct({
  date: Schema.String,
  /** The harness's commit (`-dirty` with uncommitted changes). */
  harness: Schema.String,
  livestore: Schema.String,
  tracepoints: Schema.Boolean,
  machine: Schema.Struct({ cpus: Schema.Int, node: Schema.String }),
  runs: Schema.Int,
  /** Each phase's median over the runs, in ms; phases under 5 ms are left out. */
  phases: Schema.Array(Schema.Struct({ phase: Schema.String, medianMs: Schema.Number })),
})
export type BenchRecord = typeof BenchRecord.Type

export const readBench = (): BenchRecord | undefined =>
  existsSync(BENCH_FILE) ? readDataFile(BenchRecord, BENCH_FILE) : undefined

/** The record as the docs show it: how it was taken, then one row a phase. */
export const benchTable = (record: BenchRecord): string =>
  [
    `LiveStore ${record.livestore}, tracepoints ${record.tracepoints ? 'on' : 'off'}; harness ${record.harness}; ` +
      `${record.machine.cpus} cores, Node ${record.machine.node}; median of ${record.runs} runs, ${record.date}.`,
    '',
    '| phase | median ms |',
    '| --- | --- |',
    ...record.phases.map(({ phase, medianMs }) => `| ${phase} | ${Math.round(medianMs)} |`),
  ].join('\n')

/** Writes the record and the table that quotes it. */
export const writeBench = (record: BenchRecord): void => {
  writeFileSync(BENCH_FILE, `${JSON.stringify(record, null, 2)}\n`)
  const doc = readFileSync(BENCH_DOC, 'utf8')
  const start = doc.indexOf(START)
  const end = doc.indexOf(END)
  if (start === -1 || end < start) throw new Error(`${BENCH_DOC} lacks the lines ${START} and ${END}`)
  writeFileSync(BENCH_DOC, `${doc.slice(0, start + START.length)}\n${benchTable(record)}\n${doc.slice(end)}`)
}
