import type { CapturedLine, TmpCapturedLine } from '../capture/log-stream.ts'
import type { StallContext } from './stall-families.ts'
import type { StallFamily } from './verdict-record.ts'

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
): { tab: string; error: string } | undefined => {
  const failed = lines.find((line) => line.source === 'client' && line.name === 'store:error')
  if (failed === undefined) return undefined
  const printed = consoles.findLast(
    (line) => line.process === failed.process && line.level === 'error' && line.t <= failed.t,
  )
  return {
    tab: `tab ${failed.process.split('#')[1] ?? '1'}`,
    error: printed?.text ?? String(failed.fields.message),
  }
}

/** How a session that started from a state without its rollback rows fails, by LiveStore version. */
const STALE_START_SIGNS = [
  /UNIQUE constraint failed: [\w.]+/,
  /null function.*makeChangeset\.apply|makeChangeset\.apply.*null function/,
  /sqlite3\.backup failed with rc=\d+/,
]

/**
 * G: a tab started while the leader held a pulled page between deleting its rollback rows and
 * applying the page. Named only with LiveStore's own error for the failed start.
 */
export const tabStartedMidPage = (
  lines: readonly TmpCapturedLine[],
  { consoles = [] }: StallContext,
): StallFamily | undefined => {
  const failed = failedStart(lines, consoles)
  const sign = STALE_START_SIGNS.map((pattern) => pattern.exec(failed?.error ?? '')).find((match) => match !== null)
  if (failed === undefined || sign == null) return undefined
  return {
    id: 'G',
    explanation:
      `family G, a tab started mid-page: ${failed.tab}'s store failed to start (“${sign[0]}”) — its session copied ` +
      "the state while the leader held a pulled page after deleting the rollback rows below the page's head and " +
      'before applying it, found no rollback row to start from, started at e0 and was replayed every event since ' +
      "the leader's boot (upstream PR #1522 persists the state's head instead: merged, in no release)",
  }
}
