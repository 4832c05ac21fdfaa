import type { CapturedLine, TmpCapturedLine } from '../capture/log-stream.ts'
import { isTabClose } from '../capture/tab-lifecycle.ts'
import type { Evidence } from './stages.ts'
import type { StallFamily } from './verdict-record.ts'

/**
 * The store stopped answering after a tab closed: the probe answered at some point after the
 * change, and its last reads after the close did not. Its own stage, not a harness error: it is
 * how family D looks from the follower.
 */
export const stoppedAnsweringAfterHandoff = (evidence: Evidence): { reason: string; closedAt: number } | undefined => {
  const close = evidence.lines.find(isTabClose)
  const last = evidence.snapshots.at(-1)
  if (close === undefined || last === undefined || last.snapshot.answered || last.t < close.t) return undefined
  const lastAnswer = evidence.snapshots.findLast(({ snapshot }) => snapshot.answered)
  const since =
    lastAnswer === undefined
      ? 'never answered'
      : `last answered ${Math.max(0, lastAnswer.t - close.t)} ms after the close`
  return { reason: `${last.snapshot.reason}; ${since}`, closedAt: close.t }
}

/** LiveStore's SharedWorker warnings that show the hand-off hanging (upstream #955): the request, then the close. */
const HANG_SIGNS = [
  /shared-worker:(forwardRequest:\w+: Took longer than \d+ms)/,
  /shared-worker:(close-previous-worker\S*: Took longer than \d+ms)/,
]

/**
 * D: the leader's tab closed while a push was in flight and the SharedWorker's hand-off to the
 * next leader hangs. Named only with the SharedWorker's own evidence.
 */
export const leaderHandoff = (
  lines: readonly TmpCapturedLine[],
  consoles: readonly CapturedLine[],
): StallFamily | undefined => {
  const close = lines.find(isTabClose)
  if (close === undefined) return undefined
  const signs = HANG_SIGNS.flatMap((sign) => {
    const match = consoles
      .filter((candidate: CapturedLine) => candidate.t >= close.t)
      .map((candidate) => sign.exec(candidate.text)?.[1])
      .find((quote) => quote !== undefined)
    return match === undefined ? [] : [`“${match}”`]
  })
  // The close that never finishes is the hand-off's own sign; a slow request alone is not.
  if (!signs.some((sign) => sign.includes('close-previous-worker'))) return undefined
  return {
    id: 'D',
    explanation:
      `family D, leader handoff with a push in flight: tab ${String(close.fields.tab)} (the leader) closed and the ` +
      `SharedWorker logged ${signs.join(' and ')}; the new leader's port never settles, so the follower's ` +
      'requests hang (upstream issue #955, with #954; open)',
  }
}
