import type { ReportContext } from '../report/report-context.ts'
import type { Verdict } from './diagnose.ts'

/** The name of the attachment a test's verdict travels in, from the fixture to the reporter. */
export const VERDICT_ATTACHMENT = 'verdict.json'

export interface VerdictRecord extends Verdict {
  livestoreVersion: string
  /** The scenario's key in fixtures/expectations.json, and what the table expects of it here. */
  scenario?: string
  expected?: string
  storeId: string
  windowMs: number
  /** From the change to the verdict. */
  timeToVerdictMs: number
  /** What the bug-report bundle is rebuilt from, besides the logs. */
  report?: ReportContext
}
