import { formatTmpLine } from '../../../apps/contract/tmp-line.ts'
import { writerIssueEvents } from '../backend/backlog.ts'
import type { BackendControl } from '../backend/control-client.ts'
import type { LinearLiteApp } from '../browser/app-driver.ts'
import type { MadeChange } from '../browser/change.ts'
import { armLeaderGate, openLeaderGate } from '../browser/leader-gates.ts'
import { type CapturedLine, type LogStream, tmpPoint } from '../capture/log-stream.ts'
import { lineRanges } from '../verdict/stages.ts'
import { describeStep, type Step } from './schedule.ts'

const BARRIER_MS = 10_000

export interface StepContext {
  app: LinearLiteApp
  control: BackendControl
  storeId: string
  logs: LogStream
}

const covers = (global: number) => (line: CapturedLine) =>
  line.name !== undefined &&
  lineRanges({ ...line, source: line.source ?? '', name: line.name, fields: line.fields ?? {} }).some(
    ([from, to]) => from.global <= global && global <= to.global,
  )

/**
 * Applies a schedule's steps, each at a barrier (the session's `local-push` of a change, the
 * backend's page carrying a writer's events, the leader's `gate:wait`), never after a sleep.
 * A held pull is released once the step after it has run. Returns the last change made.
 */
export const applySteps = async (steps: readonly Step[], ctx: StepContext): Promise<MadeChange | undefined> => {
  const { app, control, storeId, logs } = ctx
  const now = () => Date.now() - logs.startedAt
  const sessionTook = (since: number) =>
    logs.waitFor('the session taking the change', tmpPoint('client', 'local-push', since), BARRIER_MS)
  let writerId = 10_000
  let holding = false
  let last: MadeChange | undefined
  for (const step of steps) {
    const since = now()
    logs.add('harness', 'info', formatTmpLine('harness', `step:${step._tag}`, { step: describeStep(step) }))
    const releaseAfter = holding
    switch (step._tag) {
      case 'commit': {
        last = await app.changePriority(step.issue, step.priority)
        await sessionTook(since)
        break
      }
      case 'bulk': {
        await app.bulk.check([step.first, step.first + step.count - 1], { shiftLast: true })
        last = (await app.bulk.setPriority(step.priority)).at(-1) ?? last
        await sessionTook(since)
        break
      }
      case 'select':
        await app.selectIssue(step.issue)
        await sessionTook(since)
        break
      case 'writer': {
        const head = await control.appendEvents(storeId, writerIssueEvents(step.count, writerId), 'upstream-writer')
        writerId += step.count
        await logs.waitFor(
          `the backend's page carrying e${head}`,
          (line) => tmpPoint('backend', 'pull:page', since)(line) && covers(head)(line),
          BARRIER_MS,
        )
        break
      }
      case 'split-page':
        await control.setFaults(storeId, { splitNextPage: true })
        logs.add('harness', 'info', formatTmpLine('harness', 'fault:split-next-page', { storeId }))
        break
      case 'hold-pull':
        // Held already: the hold lasts one more step.
        if (holding) break
        await armLeaderGate(app.page, 'pull')
        await control.appendEvents(storeId, writerIssueEvents(1, writerId++), 'upstream-writer')
        await logs.waitFor('the leader holding at its pull gate', tmpPoint('leader', 'gate:wait', since), BARRIER_MS)
        holding = true
        continue
      case 'reload':
        await app.reload()
        holding = false
        break
    }
    if (releaseAfter && holding) {
      await openLeaderGate(app.page, 'pull')
      holding = false
    }
  }
  if (holding) await openLeaderGate(app.page, 'pull')
  return last
}
