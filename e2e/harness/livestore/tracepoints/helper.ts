/**
 * The JavaScript appended to every instrumented module. Function declarations are hoisted, so the
 * tracepoints can call them although they come last, and appending keeps every line of LiveStore's
 * code on its line (its source maps stay valid).
 *
 * `__tmp(source, name, fields?)` prints one `[TMP]` line (the format of `apps/contract/tmp-line.ts`).
 * Fields come as a thunk evaluated inside a `try`: a field that cannot be read (a shape this
 * version doesn't have) costs that line its fields, never LiveStore its flow.
 *
 * `__tmpGate(name)` is a barrier: resolved at once unless a test armed `name` (in this worker,
 * through `globalThis.__tmpGates`); then it logs `gate:wait` and holds until the test opens it, or
 * 30 s pass. The pull-side points that hold the latch or lock await one (`pull`), so a test can
 * keep the leader in the middle of applying a pull while it acts; the leader's
 * `push()` awaits `push` before it takes a session's batch in.
 *
 * `__tmpSeq` prints a sequence number as `apps/contract/seq.ts` does (`e53+1r1`) from any shape the
 * versions use: `{ global, client, rebaseGeneration }`, a bare global number, LiveStore's own
 * strings (`e53.1r1`, `e53+1r1`, `(54,0)`), an event (`.seqNum`), a backend pull item
 * (`.eventEncoded`) or a leader queue item (`[event, deferred]`).
 */
export const TRACEPOINT_HELPER = `
function __tmp(source, name, fields) {
  let text
  try {
    text = JSON.stringify(fields === undefined ? {} : fields())
  } catch (error) {
    text = JSON.stringify({ tracepointError: String(error) })
  }
  console.debug('[TMP][' + source + '] ' + name + ' ' + text)
}
function __tmpGate(name) {
  const gates = (globalThis.__tmpGates ??= { armed: new Set(), open: new Map() })
  if (!gates.armed.delete(name)) return Promise.resolve()
  __tmp('leader', 'gate:wait', () => ({ name }))
  return new Promise((resolve) => {
    const release = (reason) => {
      clearTimeout(timer)
      gates.open.delete(name)
      __tmp('leader', 'gate:' + reason, () => ({ name }))
      resolve()
    }
    const timer = setTimeout(() => release('timeout'), 30000)
    gates.open.set(name, () => release('open'))
  })
}
function __tmpSeq(value) {
  if (Array.isArray(value)) value = value[0]
  if (value !== null && typeof value === 'object' && value.eventEncoded !== undefined) value = value.eventEncoded
  if (value !== null && typeof value === 'object' && value.seqNum !== undefined) value = value.seqNum
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number') return 'e' + value
  if (typeof value === 'string') {
    const match = /^e?\\(?(\\d+)(?:[+.,](\\d+))?\\)?(?:r(\\d+))?$/.exec(value.trim())
    if (match === null) return value
    value = { global: Number(match[1]), client: Number(match[2] ?? 0), rebaseGeneration: Number(match[3] ?? 0) }
  }
  if (typeof value.global !== 'number') return JSON.stringify(value)
  const client = value.client ?? 0
  const generation = value.rebaseGeneration ?? 0
  return 'e' + value.global + (client > 0 ? '+' + client : '') + (generation > 0 ? 'r' + generation : '')
}
function __tmpSeqs(items) {
  const list = Array.from(items ?? [])
  if (list.length === 0) return ''
  const first = __tmpSeq(list[0])
  return list.length === 1 ? first : first + '..' + __tmpSeq(list[list.length - 1])
}
function __tmpError(error) {
  const tag = error?._tag ?? error?.name ?? String(error)
  const cause = error?.cause?._tag
  return cause === undefined ? tag : tag + '(' + cause + ')'
}
`

/** The helpers' names, for tests that load the helper on its own. */
export const TRACEPOINT_HELPER_NAMES = ['__tmp', '__tmpGate', '__tmpSeq', '__tmpSeqs', '__tmpError'] as const
