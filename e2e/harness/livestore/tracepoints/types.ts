import { Schema } from 'effect'

/** The two LiveStore modules the harness instruments: the leader's and the client session's sync processor. */
export const TracepointFile = Schema.Literal('leader', 'session')
export type TracepointFile = typeof TracepointFile.Type

/** A tracepoint that found no place in a build: the run goes on without it, and says so. */
export const UnplacedPoint = Schema.Struct({ point: Schema.String, file: TracepointFile, reason: Schema.String })
export type UnplacedPoint = typeof UnplacedPoint.Type

/**
 * Where a tracepoint sits by the code's structure, used when its anchor does not occur exactly
 * once (a fix changed the text around it): a call (by its callee, and optionally the start of its
 * first argument), an `if` (by its condition) or a `case` (by its label), inside a function (by
 * the name it is declared or assigned as). `at`: before or after the statement holding it, right
 * after the call, or right after the `{` of the block it opens.
 */
export type Locator = ({ call: string; argument?: string } | { if: string } | { case: string }) & {
  within?: string
  at: 'before' | 'after' | 'after-call' | 'body-start'
}

/**
 * One tracepoint: JavaScript inserted right before or after an exact snippet (the anchor) of a built
 * `@livestore/common` module. Whitespace runs in the anchor match any whitespace run in the file, so
 * an anchor spanning lines can be written on one line; everything else must match as written.
 */
export interface Tracepoint {
  /** Unique within its table: the logged name, plus `/<reason>` where one name is logged at several places. */
  point: string
  anchor: string
  insert: 'before' | 'after'
  /** The same place by structure: must agree with the anchor on every published version of the group. */
  locate?: Locator
  /**
   * Inserted as is: a statement ending in `;`, or a pipe argument ending in `,` when the anchor ends
   * inside a call. It may call the injected helpers `__tmp`, `__tmpSeq`, `__tmpSeqs` and `__tmpError`.
   */
  code: string
}

/** LiveStore versions whose two target modules share one structure, and the tracepoints for each module. */
export interface TracepointGroup {
  versions: readonly string[]
  files: Record<TracepointFile, readonly Tracepoint[]>
}
