import type { CapturedLine, TmpCapturedLine } from '../capture/log-stream.ts'
import { failedStart } from '../capture/tab-lifecycle.ts'
import type { StallFamily } from './verdict-record.ts'

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
  consoles: readonly CapturedLine[],
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
