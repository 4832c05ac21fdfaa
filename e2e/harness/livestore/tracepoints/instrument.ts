import { TRACEPOINT_GROUPS } from './groups/index.ts'
import { TRACEPOINT_HELPER } from './helper.ts'
import type { Tracepoint, TracepointFile, TracepointGroup } from './types.ts'

/** Where each instrumented module sits inside `@livestore/common/dist/`. */
export const TARGET_FILES: Record<TracepointFile, string> = {
  leader: 'leader-thread/LeaderSyncProcessor.js',
  session: 'sync/ClientSessionSyncProcessor.js',
}

/** A build must fail rather than run uninstrumented: the message is one line naming version, file and tracepoint. */
export class TracepointError extends Error {
  override name = 'TracepointError'
}

/** Each insertion starts with this comment, so a test can count what was applied. */
export const tracepointMarker = (point: string): string => `/*tp:${point}*/`

export const groupForVersion = (version: string): TracepointGroup => {
  const group = TRACEPOINT_GROUPS.find((candidate) => candidate.versions.includes(version))
  if (group !== undefined) return group
  const known = TRACEPOINT_GROUPS.flatMap((candidate) => candidate.versions).join(', ')
  throw new TracepointError(`LiveStore ${version}: no tracepoint table for this version (tables cover ${known})`)
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Every place the anchor occurs, whitespace runs matching any whitespace run. */
const findAnchor = (source: string, anchor: string): { start: number; end: number }[] => {
  const pattern = new RegExp(anchor.trim().split(/\s+/).map(escapeRegExp).join('\\s+'), 'g')
  return [...source.matchAll(pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }))
}

interface Insertion {
  at: number
  order: number
  text: string
}

const insertionFor = (
  source: string,
  tracepoint: Tracepoint,
  order: number,
  label: (point: string) => string,
): Insertion => {
  const matches = findAnchor(source, tracepoint.anchor)
  const [match] = matches
  if (match === undefined || matches.length > 1) {
    throw new TracepointError(`${label(tracepoint.point)} matched ${matches.length} times`)
  }
  const at = tracepoint.insert === 'before' ? match.start : match.end
  // Code after a `//` on its line would be commented out: a table error, never a silently dead tracepoint.
  if (source.slice(source.lastIndexOf('\n', at - 1) + 1, at).includes('//')) {
    throw new TracepointError(`${label(tracepoint.point)} would be inserted into a line comment`)
  }
  const code = `${tracepointMarker(tracepoint.point)} ${tracepoint.code}`
  // Code goes on the anchor's own line so no line of LiveStore moves.
  return { at, order, text: tracepoint.insert === 'before' ? `${code} ` : ` ${code}` }
}

/** Appends the helper before the trailing `//# sourceMappingURL=` comment, which must stay last. */
const appendHelper = (source: string): string => {
  const mapComment = source.lastIndexOf('\n//# sourceMappingURL=')
  if (mapComment === -1) return `${source}\n${TRACEPOINT_HELPER}`
  return `${source.slice(0, mapComment)}\n${TRACEPOINT_HELPER}${source.slice(mapComment)}`
}

/**
 * Inserts every tracepoint of the version's table into one built module. Throws a `TracepointError`
 * when the version has no table or an anchor does not occur exactly once: never half-instrumented.
 */
export const instrument = (source: string, file: TracepointFile, livestoreVersion: string): string => {
  const tracepoints = groupForVersion(livestoreVersion).files[file]
  const label = (point: string) => `LiveStore ${livestoreVersion}: tracepoint ${point} (${TARGET_FILES[file]})`
  const insertions = tracepoints
    .map((tracepoint, order) => insertionFor(source, tracepoint, order, label))
    .sort((a, b) => a.at - b.at || a.order - b.order)
  let result = ''
  let cursor = 0
  for (const insertion of insertions) {
    result += source.slice(cursor, insertion.at) + insertion.text
    cursor = insertion.at
  }
  return appendHelper(result + source.slice(cursor))
}
