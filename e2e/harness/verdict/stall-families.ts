import { parseSeq } from '../../../apps/contract/seq.ts'
import type { TmpCapturedLine } from '../capture/log-stream.ts'
import type { StallFamily } from './verdict-record.ts'

const leader = (name: string) => (line: TmpCapturedLine) => line.source === 'leader' && line.name === name

const lastIndex = (lines: readonly TmpCapturedLine[], predicate: (line: TmpCapturedLine) => boolean) =>
  lines.findLastIndex(predicate)

/** A: the leader dropped a push of a newer rebase generation without settling it. */
const silentDrop = (lines: readonly TmpCapturedLine[]): StallFamily | undefined => {
  const drop = lines.findLast(leader('dropOldGen'))
  if (drop === undefined) return undefined
  return {
    id: 'A',
    explanation:
      `family A, silent drop: the leader received push ${String(drop.fields.seqs)} and never advanced it — dropped ` +
      `for not being of its rebase generation ${String(drop.fields.currentRebaseGeneration)} (dropOldGen), without ` +
      'settling the session’s push, so every later push waits behind it',
  }
}

/** B: a pull closed the local-push latch and no NoMore page with events reopened it. */
const latchLeftClosed = (lines: readonly TmpCapturedLine[]): StallFamily | undefined => {
  const closed = lastIndex(lines, leader('latch:closeLocalPushes'))
  if (closed === -1 || lastIndex(lines, leader('latch:openLocalPushes')) > closed) return undefined
  const waiting = lines.slice(closed).find(leader('apply:take'))
  if (waiting === undefined) return undefined
  const emptyPage = lines.slice(closed).find((line) => leader('pull:page')(line) && line.fields.count === 0)
  return {
    id: 'B',
    explanation:
      `family B, pull precedence: the pull closed localPushesLatch at ${String(lines[closed]?.fields.seqs)} and ` +
      `${emptyPage === undefined ? 'never reopened it' : 'an empty NoMore page returned before reopening it'}; ` +
      `push ${String(waiting.fields.seqs)} waits on the latch for good`,
  }
}

/** C: the leader refused a rebased retry because its push head had run ahead. */
const stalePushHead = (lines: readonly TmpCapturedLine[]): StallFamily | undefined => {
  const refused = lines.findLast(
    (line) => leader('push:refused')(line) && (parseSeq(String(line.fields.provided))?.rebaseGeneration ?? 0) > 0,
  )
  if (refused === undefined) return undefined
  return {
    id: 'C',
    explanation:
      `family C, stale push head: the leader refused the rebased retry ${String(refused.fields.provided)} ` +
      `(it expected > ${String(refused.fields.expectedMin)}, a head it never rolled back)`,
  }
}

export const classifyStall = (lines: readonly TmpCapturedLine[]): StallFamily | undefined =>
  silentDrop(lines) ?? latchLeftClosed(lines) ?? stalePushHead(lines)
