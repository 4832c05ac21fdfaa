import type { SeqParts } from '../../../apps/contract/seq.ts'
import type { TmpCapturedLine } from '../capture/log-stream.ts'
import { coversSeq, lineRanges } from '../verdict/stages.ts'

/** A stretch of time one process spent on a push or a pull page; `open` when it never settled. */
export interface Span {
  lane: string
  kind: 'session-push' | 'leader-push' | 'pull-page'
  name: string
  start: number
  end: number
  /** The line that settled it (`push:advance`, `dropOldGen`, …), or `undefined` when none did. */
  settledBy?: string
  open: boolean
}

interface SpanRule {
  kind: Span['kind']
  source: string
  begin: string
  /** Lines that settle the span when they cover its last sequence number. */
  settle: readonly string[]
  /** Lines that end the span whatever they name (the next page). */
  supersede?: readonly string[]
  label: (line: TmpCapturedLine) => string
}

const RULES: readonly SpanRule[] = [
  {
    kind: 'session-push',
    source: 'client',
    begin: 'push->leader',
    settle: ['push->leader:ok', 'push->leader:err'],
    label: (line) => `session push ${String(line.fields.seqs)}`,
  },
  {
    kind: 'leader-push',
    source: 'leader',
    begin: 'push:recv',
    settle: ['push:advance', 'push:reject', 'dropOldGen', 'push:refused'],
    label: (line) => `push ${String(line.fields.first)}..${String(line.fields.last)} → advance`,
  },
  {
    kind: 'pull-page',
    source: 'leader',
    begin: 'pull:page',
    settle: ['pull:advance', 'pull:rebase'],
    supersede: ['pull:page'],
    label: (line) => `pull page ${String(line.fields.seqs) || '(empty)'} ${String(line.fields.pageInfo ?? '')}`.trim(),
  },
]

const lastSeq = (line: TmpCapturedLine): Required<SeqParts> | undefined => lineRanges(line)[0]?.[1]

/** Pushes (session → leader, and the leader's push → advance) and pull pages as spans, from the `[TMP]` lines. */
export const findSpans = (lines: readonly TmpCapturedLine[], endOfRun: number): Span[] =>
  lines.flatMap((line, index) => {
    const rule = RULES.find((r) => r.source === line.source && r.begin === line.name)
    if (rule === undefined) return []
    const seq = lastSeq(line)
    const end = lines
      .slice(index + 1)
      .find(
        (later) =>
          later.process === line.process &&
          later.source === rule.source &&
          ((rule.settle.includes(later.name) && seq !== undefined && coversSeq(later, seq)) ||
            rule.supersede?.includes(later.name) === true),
      )
    const settled = end !== undefined && rule.settle.includes(end.name)
    return [
      {
        lane: line.process,
        kind: rule.kind,
        name: rule.label(line),
        start: line.t,
        end: end?.t ?? Math.max(line.t, endOfRun),
        ...(settled ? { settledBy: end.name } : {}),
        open: end === undefined,
      },
    ]
  })
