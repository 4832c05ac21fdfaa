import { formatTmpLine, type TmpFields } from '../../apps/contract/tmp-line.ts'

/** How many lines the worker keeps for a harness that reads them over HTTP (`--backend-url`). */
const KEPT_LINES = 20_000

const kept: string[] = []
/** The index of `kept[0]` among every line this isolate logged. */
let firstIndex = 0

let isolateId: string | undefined
/** This isolate, as the harness tells it from another (drawn on first use: workerd refuses random values at load). */
export const isolateIdentity = (): string => {
  isolateId ??= crypto.randomUUID()
  return isolateId
}

/**
 * Logs a `[TMP][backend]` line to the console (the harness that runs workerd reads its stdout) and
 * keeps it for `GET /__harness/tmp-lines` (a harness that reaches the worker only over HTTP).
 */
export const logTmp = (name: string, fields: TmpFields): void => {
  const line = formatTmpLine('backend', name, fields)
  console.log(line)
  kept.push(line)
  if (kept.length > KEPT_LINES) {
    kept.shift()
    firstIndex += 1
  }
}

/** The lines logged since index `after` (the `next` of the previous read); lines already dropped are counted. */
export const tmpLinesAfter = (after: number): { next: number; dropped: number; lines: string[] } => {
  const from = Math.max(after, firstIndex)
  return { next: firstIndex + kept.length, dropped: from - after, lines: kept.slice(from - firstIndex) }
}
