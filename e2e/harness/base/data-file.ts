import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import type { Schema } from 'effect'
import { decodeOrProblem } from '../../../apps/contract/decode.ts'
import { REPO_ROOT } from '../paths.ts'
import { KnownError } from './known-errors.ts'

/** A data file or record that does not have its declared shape: one line naming the file and the field. */
export class DataFileError extends KnownError {}

const displayName = (path: string) => relative(REPO_ROOT, path) || path

/** Decodes a value that crossed a boundary; `name` says where it came from (a file, a variable, a record). */
export const decodeData = <A, I>(schema: Schema.Schema<A, I>, value: unknown, name: string): A => {
  const decoded = decodeOrProblem(schema, value)
  if (!decoded.ok) throw new DataFileError(`${name}: ${decoded.problem}`)
  return decoded.value
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
