import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { Either, ParseResult, Schema } from 'effect'
import { REPO_ROOT } from '../paths.ts'

/** A data file or record that does not have its declared shape: one line naming the file and the field. */
export class DataFileError extends Error {}

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

const displayName = (path: string) => relative(REPO_ROOT, path) || path

/** Decodes a value that crossed a boundary; `name` says where it came from (a file, a route, a record). */
export const decodeData = <A, I>(schema: Schema.Schema<A, I>, value: unknown, name: string): A => {
  const result = Schema.decodeUnknownEither(schema, { errors: 'first' })(value)
  if (Either.isRight(result)) return result.right
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(result.left)
  const field = issue === undefined || issue.path.length === 0 ? '' : `${fieldPath(issue.path)}: `
  throw new DataFileError(`${name}: ${field}${issue?.message ?? 'malformed'}`.replace(/\s*\n\s*/g, ' '))
}

/** Parses JSON text and decodes it; a file that is not JSON is a one-line error too. */
export const decodeJson = <A, I>(schema: Schema.Schema<A, I>, text: string, path: string): A => {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new DataFileError(
      `${displayName(path)}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    )
  }
  return decodeData(schema, raw, displayName(path))
}

export const readDataFile = <A, I>(schema: Schema.Schema<A, I>, path: string): A => {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new DataFileError(`${displayName(path)}: cannot be read`)
  }
  return decodeJson(schema, text, path)
}
