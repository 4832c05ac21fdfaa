import { formatTmpLine, type TmpFields } from '../../contract/tmp-line.ts'

/** The app's own `[TMP][client]` lines, at its boundaries (boot, UI commits). */
export const logClient = (name: string, fields: TmpFields = {}): void => {
  console.debug(formatTmpLine('client', name, fields))
}
