import type { TmpCapturedLine } from '../capture/log-stream.ts'
import { describeBundled, describeTarget, livestoreFlags } from '../livestore/target.ts'
import type { Decision, VerdictRecord } from '../verdict/verdict-record.ts'
import { sequenceDiagram } from './sequence-diagram.ts'
import { storyLines } from './story-lines.ts'

/** What a bundle's files are, for the list a bug report ends with. */
const FILE_NOTES: Record<string, string> = {
  'report.html': 'the verdict and an interactive timeline, one lane per process (opens from disk, no network)',
  'trace.json': 'the same as a Chrome trace: open in ui.perfetto.dev or chrome://tracing',
  'sequence.md': 'the mermaid sequence diagram below',
  'bug-report.md': 'this report',
  'verdict.json': 'the verdict: stages, message, family, sync samples, how to replay',
  'tmp-logs.jsonl': 'every captured [TMP] line, one JSON object each',
  'tmp-logs.txt': 'the same, human-readable',
  'console.txt': 'every console line of every process',
  'test-finished-1.png': 'the app when the test ended; its sync indicator shows the final sample',
  'trace.zip': "Playwright's trace (npx playwright show-trace trace.zip)",
}

// Double quotes protect the title from the shell; what would still expand inside them is escaped.
const shellQuote = (text: string) => `"${text.replace(/["$`\\]/g, '\\$&')}"`

/** The command that runs this test again on the same LiveStore, twenty times, with Playwright's trace of a failure. */
export const replayCommand = (verdict: VerdictRecord): string | undefined => {
  const report = verdict.report
  if (report === undefined) return undefined
  const flags = livestoreFlags(verdict.livestore)
  return `npm run e2e -- ${flags === '' ? '' : `${flags} `}${report.spec.file} -g ${shellQuote(report.spec.title)} --repeat 20 --trace retain-on-failure`
}

export interface BugReportInput {
  lines: readonly TmpCapturedLine[]
  verdict: VerdictRecord
  /** The spec's comment above the test: the scenario and its timeline. */
  scenarioComment?: string
  /** The files of the test's folder, by name. */
  files: readonly string[]
}

const finalState = (verdict: VerdictRecord) => {
  const last = verdict.report?.samples.at(-1)
  if (last === undefined) return undefined
  if (last.session === undefined || last.leader === undefined) return `the probe did not answer: ${last.unanswered}`
  return (
    `session pending ${last.session.pending} (head ${last.session.localHead}, upstream ${last.session.upstreamHead}), ` +
    `leader pending ${last.leader.pending} (head ${last.leader.localHead}, backend ${last.leader.upstreamHead})`
  )
}

/** Which LiveStore ran: the target, its patches, and what each build bundled of it. */
const livestoreSection = ({ livestore }: VerdictRecord) =>
  [
    `- LiveStore: ${describeTarget(livestore)}${livestore.kind === 'checkout' ? `, version ${livestore.version}` : ''}`,
    ...livestore.patches.map((patch) => `  - patch \`${patch.path}\` #${patch.hash}`),
    ...(livestore.bundled === undefined
      ? []
      : [
          `  - app (page, SharedWorker, leader worker) bundled ${describeBundled(livestore.bundled.app)}`,
          `  - worker (Durable Object) bundled ${describeBundled(livestore.bundled.worker)}`,
        ]),
    ...(livestore.unplacedTracepoints ?? []).map(
      ({ point, file, reason }) => `  - tracepoint \`${point}\` (${file}) not in this build: ${reason}`,
    ),
  ].join('\n')

const verdictSection = (verdict: VerdictRecord) => {
  const report = verdict.report
  const reached = verdict.stages
    .filter((stage) => stage.atMs !== undefined)
    .map((stage) => `${stage.id} +${stage.atMs} ms`)
    .join(', ')
  const state = finalState(verdict)
  const agreement =
    report?.indicatorAgrees === undefined
      ? ''
      : report.indicatorAgrees
        ? ' The screenshot shows this state.'
        : ' The app’s indicator had not caught up when the screenshot was taken.'
  return [
    `> ${verdict.message}`,
    '',
    `- Followed: ${report?.change.label ?? 'the change'}, committed as \`${verdict.committedSeq ?? '?'}\`, last seen as \`${verdict.seq ?? '?'}\``,
    verdict.ok ? '- Every stage happened.' : `- First stage that never happened: \`${verdict.stage}\``,
    `- Stages reached (after the change): ${reached || 'none'}`,
    ...(verdict.family === undefined ? [] : [`- Stall ${verdict.family.explanation}`]),
    ...(report?.ref === undefined ? [] : [`- Upstream: ${report.ref}`]),
    ...(state === undefined ? [] : [`- Final sync sample: ${state}.${agreement}`]),
    `- Window ${verdict.windowMs} ms; verdict ${verdict.timeToVerdictMs} ms after the change` +
      (verdict.decided === undefined ? '' : `, ${describeDecision(verdict.decided)}`),
  ].join('\n')
}

/** What ended the wait for a stall, as the reports say it. */
export const describeDecision = (decided: Decision): string =>
  decided.by === 'evidence' ? `decided on evidence: ${decided.line.trim()}` : 'decided by the window'

/** `bug-report.md`: everything a LiveStore maintainer needs, ready to paste into an issue. */
export const renderBugReport = ({ lines, verdict, scenarioComment, files }: BugReportInput): string => {
  const report = verdict.report
  const changedAt = report?.change.changedAt ?? 0
  const title = verdict.ok
    ? `LiveStore ${verdict.livestore.label}: ${report?.change.label ?? 'the change'} drained`
    : `LiveStore ${verdict.livestore.label}: sync stalls at ${verdict.stage}` +
      (verdict.family === undefined ? '' : ` (family ${verdict.family.id})`)
  const story = storyLines(lines, verdict)
    .map(
      (line) =>
        `${`${line.t - changedAt >= 0 ? '+' : ''}${line.t - changedAt}ms`.padEnd(9)} ${line.process.padEnd(13)} ${line.text}`,
    )
    .join('\n')
  const replay = replayCommand(verdict)
  return `# ${title}

${livestoreSection(verdict)}
- Browser: ${report?.browser ?? 'unknown'}
- Scenario: ${verdict.scenario === undefined ? '' : `\`${verdict.scenario}\`, `}${report === undefined ? '' : `\`${report.spec.file}\` › ${report.spec.title}`}

## Scenario and its timeline

${scenarioComment ?? '(the spec was not found next to these artifacts)'}

## Verdict

${verdictSection(verdict)}

## Sequence

\`\`\`mermaid
${sequenceDiagram(lines, verdict)}
\`\`\`

## The [TMP] lines that tell the story (ms after the change)

\`\`\`
${story}
\`\`\`

## Replay

\`\`\`sh
${replay ?? '# no replay command: the verdict carries no run context'}
\`\`\`

\`npm run report -- <this folder>\` rebuilds report.html, trace.json, sequence.md and this file from tmp-logs.jsonl and verdict.json.

## Attached files

${files.map((file) => `- \`${file}\`${FILE_NOTES[file] === undefined ? '' : `: ${FILE_NOTES[file]}`}`).join('\n')}
`
}
