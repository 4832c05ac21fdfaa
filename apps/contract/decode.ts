import { Either, ParseResult, type Schema } from 'effect'

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** `scenarios["0.4.0"].stage`, `issues[1].title`: the field as a reader would look it up. */
const fieldPath = (path: readonly PropertyKey[]): string =>
  path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`
      const text = String(key)
      if (!IDENTIFIER.test(text)) return `["${text}"]`
      return index === 0 ? text : `.${text}`
    })
    .join('')

/**
 * Decodes a value that crossed a boundary (a data file, a route's body, a record read back) with
 * its declared schema. A value without that shape yields its first problem on one line, naming
 * the field: `issues[1].title: must be a non-empty string`.
 */
export const decodeOrProblem = <A, I>(
  schema: Schema.Schema<A, I>,
  value: unknown,
): { ok: true; value: A } | { ok: false; problem: string } => {
  const result = ParseResult.decodeUnknownEither(schema, { errors: 'first' })(value)
  if (Either.isRight(result)) return { ok: true, value: result.right }
  const [issue] = ParseResult.ArrayFormatter.formatIssueSync(result.left)
  const field = issue === undefined || issue.path.length === 0 ? '' : `${fieldPath(issue.path)}: `
  return { ok: false, problem: `${field}${issue?.message ?? 'malformed'}`.replace(/\s*\n\s*/g, ' ') }
}
