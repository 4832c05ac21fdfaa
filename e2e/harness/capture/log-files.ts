import type { CapturedLine } from './log-stream.ts'

/** `tmp-logs.jsonl`: one captured line per JSON object. */
export const toJsonl = (lines: readonly CapturedLine[]): string =>
  lines.map((line) => `${JSON.stringify(line)}\n`).join('')

const pad = (value: string, width: number) => value.padEnd(width)

/** Human-readable, like the "Collected Logs" of the root-cause analysis, with time and process. */
export const toText = (lines: readonly CapturedLine[]): string =>
  lines
    .map((line) => `${pad(`+${line.t}ms`, 9)} ${pad(line.process, 13)} ${pad(line.level, 7)} ${line.text}\n`)
    .join('')
