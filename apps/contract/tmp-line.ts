/**
 * The `[TMP]` log vocabulary shared by every process of the harness (app, leader, backend) and by
 * the harness that parses it: one line is `[TMP][<source>] <name> {json}`.
 */
export const TMP_PREFIX = '[TMP]'

export type TmpFields = Record<string, unknown>

export interface TmpLine {
  source: string
  name: string
  fields: TmpFields
}

export const formatTmpLine = (source: string, name: string, fields: TmpFields = {}): string =>
  `${TMP_PREFIX}[${source}] ${name} ${JSON.stringify(fields)}`

const LINE = /^\[TMP\]\[([\w:-]+)\] (\S+)(?: (.*))?$/s

/** Parses one `[TMP]` line; `undefined` when the text is not one. Fields that are not JSON are kept raw. */
export const parseTmpLine = (text: string): TmpLine | undefined => {
  const match = LINE.exec(text.trim())
  if (match === null) return undefined
  const [, source = '', name = '', rest] = match
  if (rest === undefined || rest.trim() === '') return { source, name, fields: {} }
  try {
    const parsed: unknown = JSON.parse(rest)
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return { source, name, fields: parsed as TmpFields }
    }
    return { source, name, fields: { value: parsed } }
  } catch {
    return { source, name, fields: { raw: rest } }
  }
}
