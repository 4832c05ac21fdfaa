import type { TmpCapturedLine } from '../capture/log-stream.ts'
import type { VerdictRecord } from '../verdict/verdict-record.ts'
import { isFollowed, storyLines } from './story-lines.ts'
import { HARNESS_LANE, orderLanes } from './timeline-model.ts'

const ACTOR: Record<string, string> = {
  harness: 'Harness',
  page: 'Session',
  'leader-worker': 'Leader',
  'shared-worker': 'SharedWorker',
  backend: 'Backend',
}

/**
 * Lines that are messages between two processes: the other end, who sent it, and the arrow. The
 * receiving end's own line (`push:recv`, the leader's `pull:page`) stays a note.
 */
const MESSAGES: Record<string, { peer: string; sentByPeer: boolean; arrow: '->>' | '-->>' | '--x' }> = {
  'client ui:commit': { peer: HARNESS_LANE, sentByPeer: true, arrow: '->>' },
  'client push->leader': { peer: 'leader-worker', sentByPeer: false, arrow: '->>' },
  'client push->leader:ok': { peer: 'leader-worker', sentByPeer: true, arrow: '-->>' },
  'client push->leader:err': { peer: 'leader-worker', sentByPeer: true, arrow: '--x' },
  'client pull<-leader': { peer: 'leader-worker', sentByPeer: true, arrow: '-->>' },
  'leader backend:push': { peer: 'backend', sentByPeer: false, arrow: '->>' },
  'backend push:ack': { peer: 'leader-worker', sentByPeer: false, arrow: '-->>' },
  'backend push:err': { peer: 'leader-worker', sentByPeer: false, arrow: '--x' },
  'backend pull:page': { peer: 'leader-worker', sentByPeer: false, arrow: '-->>' },
}

const id = (lane: string) => lane.replace(/[^\w]/g, '_')

const actorName = (lane: string) => {
  const [base = lane, tab] = lane.split('#')
  return `${ACTOR[base] ?? base}${tab === undefined ? '' : ` ${tab}`}`
}

/** The other end of a message, on the same tab: `page#2`'s leader is `leader-worker#2`. */
const peer = (from: string, base: string) => {
  if (base === HARNESS_LANE || base === 'backend') return base
  const tab = from.split('#')[1]
  return tab === undefined ? base : `${base}#${tab}`
}

// Mermaid reads `;` as a statement end, `#` as an entity and `<` as markup: none may reach a message's text.
const clean = (text: string) =>
  text
    .replace(/<-/g, '←')
    .replace(/->/g, '→')
    .replace(/[;#<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

const summary = (line: TmpCapturedLine) => {
  const { seqs, first, last, seq, count, pageInfo, reason, event, error } = line.fields
  const parts = [
    seqs ?? (first === undefined ? seq : `${String(first)}..${String(last)}`),
    count === undefined ? undefined : `${String(count)} events`,
    pageInfo,
    reason,
    event,
    error,
  ]
  return parts
    .filter((part) => part !== undefined && part !== '')
    .map(String)
    .join(' ')
}

/**
 * The followed event's story as a mermaid `sequenceDiagram`: messages between the session, the
 * leader and the backend, notes for what a process did on its own, `▶` on the event's own lines,
 * and the verdict at the end. At most `limit` lines, so it pastes into an issue.
 */
export const sequenceDiagram = (lines: readonly TmpCapturedLine[], verdict: VerdictRecord, limit = 30): string => {
  const story = storyLines(lines, verdict, limit)
  const changedAt = verdict.report?.change.changedAt ?? 0
  const steps = story.map((line) => {
    const message = MESSAGES[`${line.source} ${line.name}`]
    const other = message === undefined ? undefined : peer(line.process, message.peer)
    const mark = isFollowed(line, verdict) ? '▶ ' : ''
    const when = `${line.t - changedAt >= 0 ? '+' : ''}${line.t - changedAt}ms`
    const text = clean(`${mark}${line.name} ${summary(line)} (${when})`)
    return { self: line.process, other, message, text }
  })
  const lanes = orderLanes([HARNESS_LANE, ...steps.flatMap((step) => [step.self, step.other ?? step.self])])
  const body = steps.map(({ self, other, message, text }) => {
    if (other === undefined || message === undefined) return `  Note over ${id(self)}: ${text}`
    const [from, to] = message.sentByPeer ? [other, self] : [self, other]
    return `  ${id(from)}${message.arrow}${id(to)}: ${text}`
  })
  const outcome = verdict.ok
    ? `✓ drained: ${verdict.message}`
    : `✗ stalled at ${verdict.stage}${verdict.family === undefined ? '' : `, family ${verdict.family.id}`}`
  return [
    'sequenceDiagram',
    ...lanes.map((lane) => `  participant ${id(lane)} as ${actorName(lane)}`),
    ...body,
    `  Note over ${id(lanes[0] ?? HARNESS_LANE)},${id(lanes.at(-1) ?? HARNESS_LANE)}: ${clean(outcome)}`,
  ].join('\n')
}
