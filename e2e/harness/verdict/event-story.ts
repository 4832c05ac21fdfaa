import { parseSeq } from '../../../apps/contract/seq.ts'
import type { TmpCapturedLine } from '../capture/log-stream.ts'
import { coversSeq } from './stages.ts'

/** One expected `[TMP]` line: its source and name, and optionally a payload tag it must carry. */
export interface Step {
  source: string
  name: string
  payloadTag?: string
}

const covers = (line: TmpCapturedLine, seq: string) => {
  const target = parseSeq(seq)
  return target !== undefined && coversSeq(line, target)
}

const describeStep = (step: Step) =>
  `[TMP][${step.source}] ${step.name}${step.payloadTag === undefined ? '' : ` {payloadTag:'${step.payloadTag}'}`}`

/**
 * Checks that the lines about one event (`e54r1`) tell its story in order. Returns the first step
 * missing after the ones found, as text; `undefined` when every step is there, in order.
 *
 * Order is checked within each source only: lines of the page, the leader worker and the backend
 * reach the harness over separate channels, so a leader's `push:recv` can arrive a moment before
 * the `push->leader` the page printed first (seen once under load, both within the same ms).
 */
export const missingStep = (
  lines: readonly TmpCapturedLine[],
  seq: string,
  steps: readonly Step[],
): string | undefined => {
  const found = new Map<string, { position: number; step: Step }>()
  for (const step of steps) {
    const previous = found.get(step.source)
    const position = lines.findIndex(
      (line, at) =>
        at > (previous?.position ?? -1) &&
        line.source === step.source &&
        line.name === step.name &&
        (step.payloadTag === undefined || line.fields.payloadTag === step.payloadTag) &&
        covers(line, seq),
    )
    if (position === -1) {
      const after = previous === undefined ? '' : ` after ${describeStep(previous.step)}`
      return `no ${describeStep(step)} for ${seq}${after}`
    }
    found.set(step.source, { position, step })
  }
  return undefined
}

/** The seed's "Collected Logs" for a local change that the leader accepts. */
export const ROUND_TRIP_STEPS: readonly Step[] = [
  { source: 'client', name: 'local-push' },
  { source: 'client', name: 'push->leader' },
  { source: 'leader', name: 'push:recv' },
  { source: 'leader', name: 'push:advance' },
  { source: 'leader', name: 'notify:advance' },
  { source: 'client', name: 'pull<-leader', payloadTag: 'upstream-advance' },
  { source: 'client', name: 'push->leader:ok' },
]
