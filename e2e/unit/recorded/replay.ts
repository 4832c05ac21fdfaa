import { readFileSync } from 'node:fs'
import { type CapturedLine, isLivestoreConsole, type LogProcess, LogStream } from '../../harness/capture/log-stream.ts'

interface RecordedLine {
  t: number
  process: LogProcess
  level: string
  text: string
}

/** Replays a recording (see README.md) into a fresh stream, at its recorded times. */
export const replay = (file: string, extra: readonly RecordedLine[] = []): LogStream => {
  const recorded = readFileSync(new URL(file, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedLine)
  const stream = new LogStream(0)
  for (const line of [...recorded, ...extra]) stream.add(line.process, line.level, line.text, line.t)
  return stream
}

export const consoleLines = (stream: LogStream): CapturedLine[] => stream.lines.filter(isLivestoreConsole)
