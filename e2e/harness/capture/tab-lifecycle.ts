import { formatTmpLine } from '../../../apps/contract/tmp-line.ts'
import type { CapturedLine, TmpCapturedLine } from './log-stream.ts'

/**
 * A leader handoff: a test closes the tab whose worker leads, another tab takes over. The harness
 * marks the moment in the stream with its own `[TMP][harness] tab:close` line, so the verdict and
 * the classifier can tell "before" from "after".
 */
export const tabCloseLine = (tab: number): string => formatTmpLine('harness', 'tab:close', { tab })

export const isTabClose = (line: TmpCapturedLine) => line.source === 'harness' && line.name === 'tab:close'

/** How much of LiveStore's error (a whole Effect cause, one line) a message quotes. */
export const ERROR_QUOTE_CHARS = 400

/**
 * A tab whose store LiveStore failed to start during the test (the app's `[TMP][client]
 * store:error`), with the error its page printed last before that (the rejection itself says only
 * that fibers were interrupted). Its own stage, `tab-started`: that tab's user has no app at all,
 * whatever became of the change followed in another tab.
 */
export const failedStart = (
  lines: readonly TmpCapturedLine[],
  consoles: readonly CapturedLine[] = [],
): { line: TmpCapturedLine; tab: string; error: string } | undefined => {
  const failed = lines.find((line) => line.source === 'client' && line.name === 'store:error')
  if (failed === undefined) return undefined
  const printed = consoles.findLast(
    (line) => line.process === failed.process && line.level === 'error' && line.t <= failed.t,
  )
  return {
    line: failed,
    tab: `tab ${failed.process.split('#')[1] ?? '1'}`,
    error: printed?.text ?? String(failed.fields.message),
  }
}

/** LiveStore's refusal to boot a leader whose saved backend head is ahead of its eventlog. */
const HEAD_AHEAD = /During boot the backend head \((\d+)\) should never be greater than the local head \((\d+)\)/

/**
 * A leader that refused to boot on its storage (family F's evidence): its saved backend head is
 * ahead of its eventlog, and every later leader on that storage refuses the same way.
 */
export const leaderRefusedBoot = (
  consoles: readonly CapturedLine[],
): { line: CapturedLine; refusal: string; backendHead: string; localHead: string } | undefined => {
  for (const line of consoles) {
    const match = HEAD_AHEAD.exec(line.text)
    if (match !== null) return { line, refusal: match[0], backendHead: match[1] ?? '', localHead: match[2] ?? '' }
  }
  return undefined
}
