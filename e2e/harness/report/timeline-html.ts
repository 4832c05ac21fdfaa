import { readFileSync } from 'node:fs'
import type { TmpCapturedLine } from '../capture/log-stream.ts'
import { describeTarget } from '../livestore/target.ts'
import type { VerdictRecord } from '../verdict/verdict-record.ts'
import { storyLines } from './story-lines.ts'
import type { TimelineModel } from './timeline-model.ts'

// The page's script and styles are files of their own (linted as such) and inlined: report.html
// opens from disk with no network.
const asset = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8')
const SCRIPT = asset('./timeline.client.js')
const STYLE = asset('./timeline.css')

const html = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** JSON inside a `<script>` element: `<` escaped so no `</script>` in a field can end it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')

const rel = (ms: number | undefined) => (ms === undefined ? '' : `+${ms} ms`)

const stageList = (verdict: VerdictRecord) =>
  verdict.stages
    .map((stage) => {
      const failed = !verdict.ok && stage.id === verdict.stage
      const state = stage.atMs !== undefined ? 'reached' : failed ? 'missed' : stage.observable ? 'after' : 'unseen'
      const sign = { reached: '✓', missed: '✗', after: '·', unseen: '–' }[state]
      return `<li class="stage ${state}" data-stage="${stage.id}">${sign} ${stage.id} ${rel(stage.atMs)}</li>`
    })
    .join('')

const stuckList = (model: TimelineModel, changedAt: number) =>
  model.spans
    .filter((span) => span.open && span.kind !== 'pull-page')
    .map(
      (span) =>
        `<li><button type="button" class="goto" data-t="${span.start}" data-lane="${html(span.lane)}">` +
        `${html(span.name)}</button> on ${html(span.lane)} since ${rel(span.start - changedAt)} — never settled</li>`,
    )
    .join('')

const storyRows = (lines: readonly TmpCapturedLine[], changedAt: number) =>
  lines
    .map(
      (line) =>
        `<tr><td>${line.t - changedAt} ms</td><td>${html(line.process)}</td>` +
        `<td><code>${html(line.text)}</code></td></tr>`,
    )
    .join('')

/** `report.html`: the verdict on top, then the interactive timeline, then the lines that tell the story. */
export const renderTimelineHtml = (
  lines: readonly TmpCapturedLine[],
  verdict: VerdictRecord,
  model: TimelineModel,
): string => {
  const report = verdict.report
  const changedAt = report?.change.changedAt ?? 0
  const title = verdict.ok ? '✓ drained' : `✗ stalled at ${verdict.stage}`
  const family = verdict.family === undefined ? '' : `<p class="family">${html(verdict.family.explanation)}</p>`
  const stuck = stuckList(model, changedAt)
  const meta = [
    ['scenario', verdict.scenario ?? report?.spec.title ?? ''],
    ['test', report === undefined ? '' : `${report.spec.file} › ${report.spec.title}`],
    ['LiveStore', describeTarget(verdict.livestore)],
    ['browser', report?.browser ?? ''],
    ['expected', verdict.expected ?? ''],
    ['window', `${verdict.windowMs} ms, verdict after ${verdict.timeToVerdictMs} ms`],
  ].filter(([, value]) => value !== '')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${html(title)} — ${html(report?.change.label ?? '')}</title>
<style>${STYLE}</style></head>
<body class="${verdict.ok ? 'ok' : 'stalled'}">
<header id="verdict">
<h1>${html(title)}${verdict.family === undefined ? '' : ` — family ${verdict.family.id}`}</h1>
<p class="followed">Followed: <b>${html(report?.change.label ?? 'the change')}</b>, committed as
<code>${html(verdict.committedSeq ?? '?')}</code>, last seen as <code>${html(verdict.seq ?? '?')}</code></p>
<p class="message">${html(verdict.family === undefined ? verdict.message : verdict.message.replace(` — ${verdict.family.explanation}`, ''))}</p>
${family}
${report?.ref === undefined ? '' : `<p class="ref">Upstream: ${html(report.ref)}</p>`}
${stuck === '' ? '' : `<ul class="stuck">${stuck}</ul>`}
<ol class="stages">${stageList(verdict)}</ol>
<dl>${meta.map(([key, value]) => `<dt>${html(key ?? '')}</dt><dd>${html(value ?? '')}</dd>`).join('')}</dl>
</header>
<section id="controls" aria-label="timeline controls">
<span id="lane-filter"></span>
<label>name <input id="name-filter" type="search" placeholder="e.g. push, latch" list="names"></label>
<datalist id="names"></datalist>
<button type="button" id="zoom-in">zoom in</button><button type="button" id="zoom-out">zoom out</button>
<button type="button" id="zoom-change">the change</button><button type="button" id="zoom-all">whole run</button>
</section>
<div id="timeline"></div>
<pre id="details">Click a mark to see its fields. Wheel to zoom, drag to pan.</pre>
<section id="story"><h2>The lines that tell the story</h2>
<table>${storyRows(storyLines(lines, verdict), changedAt)}</table></section>
<script type="application/json" id="report-data">${scriptJson({ ...model, changedAt, verdictAt: changedAt + verdict.timeToVerdictMs })}</script>
<script>${SCRIPT}</script>
</body></html>
`
}
