import type ts from 'typescript'
import { KnownError } from '../../base/known-errors.ts'
import { TRACEPOINT_GROUPS } from './groups/index.ts'
import { TRACEPOINT_HELPER } from './helper.ts'
import { locate, parseModule } from './locate.ts'
import type { Tracepoint, TracepointFile, TracepointGroup, UnplacedPoint } from './types.ts'

/** Where each instrumented module sits inside `@livestore/common/dist/`. */
export const TARGET_FILES: Record<TracepointFile, string> = {
  leader: 'leader-thread/LeaderSyncProcessor.js',
  session: 'sync/ClientSessionSyncProcessor.js',
}

/** A version without a tracepoint table: the build stops, naming the version and the tables there are. */
export class TracepointError extends KnownError {
  override name = 'TracepointError'
}

export const hasTracepointTable = (version: string): boolean =>
  TRACEPOINT_GROUPS.some((group) => group.versions.includes(version))

const GATE_CALL = /__tmpGate\('([\w-]+)'\)/

/** The gates of a version's table, each with the point it sits in (a gate exists only where its point was placed). */
export const gatesOf = (livestoreVersion: string): { gate: string; point: string; file: TracepointFile }[] => {
  const { files } = groupForVersion(livestoreVersion)
  return (Object.keys(files) as TracepointFile[]).flatMap((file) =>
    files[file].flatMap(({ point, code }) => {
      const gate = GATE_CALL.exec(code)?.[1]
      return gate === undefined ? [] : [{ gate, point, file }]
    }),
  )
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

/** How a point was placed: by its exact anchor, or by the code's structure (its anchor no longer fits). */
export type Placement = 'anchor' | 'structure'

/** Every place the point's anchor puts it: right before or after each occurrence. */
export const anchorPlaces = (source: string, tracepoint: Tracepoint): number[] =>
  findAnchor(source, tracepoint.anchor).map((match) => (tracepoint.insert === 'before' ? match.start : match.end))

/** Where the point goes: its anchor where that occurs once, else its locator where that finds one place. */
const placeOf = (
  source: string,
  parsed: () => ts.SourceFile,
  tracepoint: Tracepoint,
): { at: number; by: Placement } | { reason: string } => {
  const matches = anchorPlaces(source, tracepoint)
  const [match] = matches
  if (match !== undefined && matches.length === 1) return { at: match, by: 'anchor' }
  const anchorReason = `its anchor occurs ${matches.length} times`
  if (tracepoint.locate === undefined) return { reason: `${anchorReason} and it has no locator` }
  const places = locate(parsed(), tracepoint.locate)
  const [place] = places
  if (place === undefined || places.length > 1) {
    return { reason: `${anchorReason} and its locator finds ${places.length} places` }
  }
  return { at: place, by: 'structure' }
}

const insertionFor = (tracepoint: Tracepoint, order: number, at: number): Insertion => {
  const code = `${tracepointMarker(tracepoint.point)} ${tracepoint.code}`
  // Code goes on the anchor's own line so no line of LiveStore moves.
  return { at, order, text: tracepoint.insert === 'before' ? `${code} ` : ` ${code}` }
}

/** Code after a `//` on its line would be commented out: such a place is refused, never a silently dead point. */
const inLineComment = (source: string, at: number) =>
  source.slice(source.lastIndexOf('\n', at - 1) + 1, at).includes('//')

/** Appends the helper before the trailing `//# sourceMappingURL=` comment, which must stay last. */
const appendHelper = (source: string): string => {
  const mapComment = source.lastIndexOf('\n//# sourceMappingURL=')
  if (mapComment === -1) return `${source}\n${TRACEPOINT_HELPER}`
  return `${source.slice(0, mapComment)}\n${TRACEPOINT_HELPER}${source.slice(mapComment)}`
}

export interface Instrumented {
  code: string
  placed: Record<string, Placement>
  unplaced: UnplacedPoint[]
}

/**
 * Inserts every tracepoint of the version's table that finds its place into one built module; the
 * others are returned as unplaced, with why. Throws a `TracepointError` when the version has no table.
 */
export const instrument = (source: string, file: TracepointFile, livestoreVersion: string): Instrumented => {
  const tracepoints = groupForVersion(livestoreVersion).files[file]
  let parsed: ts.SourceFile | undefined
  const parse = () => {
    parsed ??= parseModule(source)
    return parsed
  }
  const placed: Record<string, Placement> = {}
  const unplaced: UnplacedPoint[] = []
  const insertions: Insertion[] = []
  tracepoints.forEach((tracepoint, order) => {
    const place = placeOf(source, parse, tracepoint)
    if ('reason' in place) unplaced.push({ point: tracepoint.point, file, reason: place.reason })
    else if (inLineComment(source, place.at)) {
      unplaced.push({ point: tracepoint.point, file, reason: 'its place is inside a line comment' })
    } else {
      placed[tracepoint.point] = place.by
      insertions.push(insertionFor(tracepoint, order, place.at))
    }
  })
  insertions.sort((a, b) => a.at - b.at || a.order - b.order)
  let result = ''
  let cursor = 0
  for (const insertion of insertions) {
    result += source.slice(cursor, insertion.at) + insertion.text
    cursor = insertion.at
  }
  return { code: appendHelper(result + source.slice(cursor)), placed, unplaced }
}
