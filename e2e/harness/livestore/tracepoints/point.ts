import type { Locator, Tracepoint } from './types.ts'

/**
 * Writes a tracepoint's code from its name, so the name is written once. The logged name is the
 * point up to a `/`; a `/reason` suffix without fields logs `{ reason }`. Fields are a JavaScript
 * object expression over the names in scope at the anchor.
 */
type Source = 'leader' | 'client'

interface Placement {
  anchor: string
  insert: 'before' | 'after'
  locate?: Locator
}

interface StatementOptions extends Placement {
  fields?: string
  /** Logs only when this condition holds. */
  when?: string
  /** A barrier after the line: the leader holds here while a test has armed this gate. */
  gate?: string
  /** A barrier before the line, so the line tells when the gate let the code through. */
  gateBefore?: string
}

const tmpCall = (source: Source, point: string, fields: string | undefined): string => {
  const [name, reason] = point.split('/')
  const logged = fields ?? (reason === undefined ? undefined : `{ reason: '${reason}' }`)
  return `__tmp('${source}', '${name}'${logged === undefined ? '' : `, () => (${logged})`})`
}

/** A condition over names a fix may have renamed: false, never a ReferenceError in LiveStore's flow. */
const guarded = (condition: string) => `(() => { try { return ${condition} } catch { return false } })()`

/** Waits at a gate a test may have armed in this worker (see helper.ts): `yield*`, so only inside generators. */
const gateCall = (gate: string | undefined, after: string, before = '') =>
  gate === undefined ? '' : `${before}yield* Effect.promise(() => __tmpGate('${gate}'));${after}`

const statement =
  (source: Source) =>
  (point: string, { anchor, insert, locate, fields, when, gate, gateBefore }: StatementOptions): Tracepoint => ({
    point,
    anchor,
    insert,
    ...(locate === undefined ? {} : { locate }),
    code: `${gateCall(gateBefore, ' ')}${when === undefined ? '' : `if (${guarded(when)}) `}${tmpCall(source, point, fields)};${gateCall(gate, '', ' ')}`,
  })

/** A `[TMP][leader]` line as a statement at the anchor. */
export const leaderPoint = statement('leader')
/** A `[TMP][client]` line (the session) as a statement at the anchor. */
export const sessionPoint = statement('client')

interface TapOptions {
  /** Ends inside the call whose outcome is logged. */
  anchor: string
  locate?: Locator
  on: 'success' | 'failure' | 'cause'
  /**
   * `pipe`: the anchor ends the call, so a `.pipe(…)` follows; `argument`: the anchor opens a pipe;
   * `before-argument`: the anchor starts a pipe argument, and the tap goes right before it.
   */
  form: 'pipe' | 'argument' | 'before-argument'
  fields: string
}

/**
 * A line logged on a call's success (`Effect.tap`), failure (`Effect.tapError`, with `error` in
 * scope) or any end but success, defects and interruptions too (`Effect.tapErrorCause`, with `cause`).
 */
export const tapPoint = (
  source: Source,
  point: string,
  { anchor, locate, on, form, fields }: TapOptions,
): Tracepoint => {
  const call = tmpCall(source, point, fields)
  const tap =
    on === 'failure'
      ? `Effect.tapError((error) => Effect.sync(() => ${call}))`
      : on === 'cause'
        ? `Effect.tapErrorCause((cause) => Effect.sync(() => ${call}))`
        : `Effect.tap(() => Effect.sync(() => ${call}))`
  return {
    point,
    anchor,
    insert: form === 'before-argument' ? 'before' : 'after',
    ...(locate === undefined ? {} : { locate }),
    code: form === 'pipe' ? `.pipe(${tap})` : form === 'argument' ? `${tap},` : `${tap}, `,
  }
}
