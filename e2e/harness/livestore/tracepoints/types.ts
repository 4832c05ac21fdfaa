/** The two LiveStore modules the harness instruments: the leader's and the client session's sync processor. */
export type TracepointFile = 'leader' | 'session'

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
