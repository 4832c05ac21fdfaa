import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readDataFile } from '../base/data-file.ts'
import { UsageError } from '../base/known-errors.ts'
import { isTmp, type TmpCapturedLine } from '../capture/log-stream.ts'
import { repoPath } from '../paths.ts'
import { VERDICT_ATTACHMENT, VerdictRecord } from '../verdict/verdict-record.ts'
import { renderBugReport } from './bug-report.ts'
import { sequenceDiagram } from './sequence-diagram.ts'
import { renderTimelineHtml } from './timeline-html.ts'
import { buildTimeline } from './timeline-model.ts'
import { toTraceEvents } from './trace-events.ts'

export const BUNDLE_FILES = ['report.html', 'trace.json', 'sequence.md', 'bug-report.md'] as const
export type BundleFile = (typeof BUNDLE_FILES)[number]

export interface BundleInput {
  lines: readonly TmpCapturedLine[]
  verdict: VerdictRecord
  scenarioComment?: string
  /** The files next to the bundle, by name (the bundle's own are added). */
  files: readonly string[]
}

/** The four files of the bundle, as text: a pure function of the lines, the verdict and the run's files. */
export const renderBundle = ({ lines, verdict, scenarioComment, files }: BundleInput): Record<BundleFile, string> => {
  const model = buildTimeline(lines, verdict)
  const allFiles = [...new Set([...BUNDLE_FILES, ...files])]
  return {
    'report.html': renderTimelineHtml(lines, verdict, model),
    'trace.json': JSON.stringify(toTraceEvents(model)),
    'sequence.md': `\`\`\`mermaid\n${sequenceDiagram(lines, verdict)}\n\`\`\`\n`,
    'bug-report.md': renderBugReport({
      lines,
      verdict,
      files: allFiles,
      ...(scenarioComment === undefined ? {} : { scenarioComment }),
    }),
  }
}

/** The doc comment right above the test titled `title`, without its comment markers. */
export const specComment = (source: string, title: string): string | undefined => {
  const at = source.indexOf(`'${title}'`)
  const open = source.lastIndexOf('/**', at)
  const close = source.indexOf('*/', open)
  if (at === -1 || open === -1 || close > at) return undefined
  return source
    .slice(open + 3, close)
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, '').trimEnd())
    .join('\n')
    .trim()
}

const scenarioCommentOf = (verdict: VerdictRecord) => {
  const spec = verdict.report?.spec
  const path = spec === undefined ? undefined : repoPath(spec.file)
  return path === undefined || !existsSync(path)
    ? undefined
    : specComment(readFileSync(path, 'utf8'), spec?.title ?? '')
}

/** Writes the bundle into a test's folder; `extraFiles` are files still to come there (the final screenshot). */
export const writeBundle = async (
  folder: string,
  lines: readonly TmpCapturedLine[],
  verdict: VerdictRecord,
  extraFiles: readonly string[] = [],
): Promise<Record<BundleFile, string>> => {
  const scenarioComment = scenarioCommentOf(verdict)
  const files = [...new Set([...readdirSync(folder).filter((name) => name !== 'attachments'), ...extraFiles])].sort()
  const bundle = renderBundle({ lines, verdict, files, ...(scenarioComment === undefined ? {} : { scenarioComment }) })
  const paths = Object.fromEntries(BUNDLE_FILES.map((name) => [name, join(folder, name)])) as Record<BundleFile, string>
  await Promise.all(BUNDLE_FILES.map((name) => writeFile(paths[name], bundle[name])))
  return paths
}

/** A test folder's `tmp-logs.jsonl` and `verdict.json`, read for a bundle; bad input is a one-line error. */
export const readTestFolder = (folder: string): { lines: TmpCapturedLine[]; verdict: VerdictRecord } => {
  if (!existsSync(folder)) throw new UsageError(`no such folder: ${folder}`)
  const verdictPath = join(folder, VERDICT_ATTACHMENT)
  if (!existsSync(verdictPath)) throw new UsageError(`no ${VERDICT_ATTACHMENT} in ${folder}`)
  const verdict = readDataFile(VerdictRecord, verdictPath)
  const logs = join(folder, 'tmp-logs.jsonl')
  if (!existsSync(logs)) throw new UsageError(`no tmp-logs.jsonl in ${folder}`)
  const lines = readFileSync(logs, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as TmpCapturedLine
      } catch {
        throw new UsageError(`${logs}:${index + 1}: not a JSON line`)
      }
    })
  return { lines: lines.filter(isTmp), verdict }
}
