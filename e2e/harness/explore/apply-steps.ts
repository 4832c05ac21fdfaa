import { errors } from '@playwright/test'
import { formatTmpLine } from '../../../apps/contract/tmp-line.ts'
import { type Backend, DurableObjectBusyError, DurableObjectNotRunningError } from '../backend/backend.ts'
import { writerIssueEvents } from '../backend/backlog.ts'
import { deployBackend, evictObject } from '../backend/lifecycle.ts'
import { oneLine } from '../base/known-errors.ts'
import { type LinearLiteApp, StoreDidNotBootError } from '../browser/app-driver.ts'
import type { MadeChange } from '../browser/change.ts'
import { armLeaderGate, openLeaderGate } from '../browser/leader-gates.ts'
import { setDeviceOffline } from '../browser/offline.ts'
import { BARRIER_MS, BarrierTimeoutError, type LinePredicate, type LogStream, tmpPoint } from '../capture/log-stream.ts'
import { tmpPointCovering } from '../verdict/stages.ts'
import { type Interleaving, type PointCounts, pointCounter, reaches, shortOf } from './interleaving.ts'
import { describeStep, type Step } from './schedule.ts'

export interface StepContext {
  /** The test's first tab: its device kind is the schedule's, and the replica is opened through it. */
  app: LinearLiteApp
  /** The tabs open when the schedule starts, the newest last: `[app]` on a fresh store, more in a history. */
  tabs?: readonly LinearLiteApp[]
  backend: Backend
  /** Whether this LiveStore runs a replica (its Cloudflare adapter): a replica step does nothing where it cannot. */
  replicas: boolean
  storeId: string
  logs: LogStream
  /** A found run's interleaving, to replay: each step waits until the system is as far as it was then. */
  order?: Interleaving
  /**
   * The first issue id the schedule's writer may append: in a history, the one after the previous
   * schedule's (an id appended twice fails every client's materializer, a stall of the harness's own making).
   */
  writerId?: number
}

/** The first id a writer appends on a fresh store: above the app's seeded issues. */
const FIRST_WRITER_ID = 10_000

/** What a schedule did last: the change the verdict follows, and the tab it was made in. */
export interface LastChange {
  change: MadeChange
  app: LinearLiteApp
}

/** A schedule's end: its last change, and the tabs still open, which the next schedule of a history starts from. */
export interface Applied {
  last: LastChange | undefined
  tabs: readonly LinearLiteApp[]
  /** How far the system was when each step began: what a replay of this run waits for. */
  interleaving: Interleaving
  /** The next issue id a writer may append on this store. */
  writerId: number
}

const hasLeader = (app: LinearLiteApp) => app.page.workers().some((worker) => /leader\.worker/.test(worker.url()))

/**
 * Applies a schedule's steps, each at a barrier (the session's `local-push` of a change, the
 * backend's page carrying a writer's events, the leader's `gate:wait`, the client's pull after a
 * reconnect), never after a sleep. A held pull and an offline device last until the step after
 * them has run. Steps run in the newest open tab. Returns the last change made and the tabs left open.
 *
 * A barrier that is not reached within its bound means the store is stuck already: that is a
 * stall for the verdict to name, not a harness error. The steps after it are skipped (each would
 * wait out its own bound) but the last, the change the verdict follows; when that change cannot be
 * made any more (the tab shows no list), the verdict follows the last one that was.
 *
 * With `order` (a found run's interleaving), each step first waits until the system has come as
 * far as it had when that step began in the found run. One that does not come within its bound
 * ends the replay's ordering (`schedule:order-lost`), not the schedule.
 */
export const applySteps = async (steps: readonly Step[], ctx: StepContext): Promise<Applied> => {
  const { backend, storeId, logs } = ctx
  const { control } = backend
  const tabs = [...(ctx.tabs ?? [ctx.app])]
  const current = () => tabs.at(-1) ?? ctx.app
  const now = () => Date.now() - logs.startedAt
  let missed = false
  const miss = (barrier: string, error: unknown, kind: new (...args: never[]) => Error): false => {
    if (!(error instanceof kind)) throw error
    missed = true
    logs.add('harness', 'info', formatTmpLine('harness', 'schedule:barrier-missed', { barrier, error: oneLine(error) }))
    return false
  }
  const barrier = (description: string, predicate: LinePredicate): Promise<boolean> =>
    logs.waitFor(description, predicate, BARRIER_MS).then(
      () => true,
      (error: unknown) => miss(description, error, BarrierTimeoutError),
    )
  const sessionTook = (since: number) =>
    barrier('the session taking the change', tmpPoint('client', 'local-push', since))
  // A tab over HTTP has no connection to come back: its next request is the reconnect.
  const reconnected = (since: number) =>
    ctx.app.device === 'http-tab' ||
    barrier('the client reconnecting (a new WebSocket)', tmpPoint('backend', 'ws:connect', since))
  let writerId = ctx.writerId ?? FIRST_WRITER_ID
  let holding: LinearLiteApp | undefined
  let offline = false
  let last: LastChange | undefined
  const start = now()
  const interleaving: PointCounts[] = []
  const pointsNow = pointCounter(logs.lines, start)
  let ordered = ctx.order !== undefined
  const keepOrder = (index: number, target: PointCounts): Promise<boolean> =>
    logs.waitFor(`the system as far as when found, before step ${index + 1}`, reaches(target, start), BARRIER_MS).then(
      () => true,
      (error: unknown) => {
        if (!(error instanceof BarrierTimeoutError)) throw error
        const short = shortOf(target, pointsNow()).join(', ')
        logs.add('harness', 'info', formatTmpLine('harness', 'schedule:order-lost', { step: index + 1, short }))
        return false
      },
    )
  for (const [index, step] of steps.entries()) {
    const target = ctx.order?.[index]
    const skipped = missed && index < steps.length - 1
    if (!skipped && ordered && target !== undefined) ordered = await keepOrder(index, target)
    interleaving.push(pointsNow())
    if (skipped) continue
    const since = now()
    logs.add('harness', 'info', formatTmpLine('harness', `step:${step._tag}`, { step: describeStep(step) }))
    const releaseAfter = { holding, offline }
    const app = current()
    switch (step._tag) {
      case 'commit': {
        // After a missed barrier the tab may show no list at all (a store that did not boot again):
        // the verdict then follows the last change that could be made, and its stall is the miss's.
        const change = await app.changePriority(step.issue, step.priority).catch((error: unknown) => {
          if (!missed || !(error instanceof errors.TimeoutError)) throw error
          logs.add('harness', 'info', formatTmpLine('harness', 'schedule:change-not-made', { error: oneLine(error) }))
          return undefined
        })
        if (change === undefined) break
        last = { change, app }
        await sessionTook(since)
        break
      }
      case 'bulk': {
        await app.bulk.check([step.first, step.first + step.count - 1], { shiftLast: true })
        const change = (await app.bulk.setPriority(step.priority)).at(-1)
        if (change !== undefined) last = { change, app }
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
        // Offline, the page comes once the device is back: the append is the step.
        if (!offline)
          await barrier(`the backend's page carrying e${head}`, tmpPointCovering('backend', 'pull:page', head, since))
        break
      }
      case 'split-page':
        await control.setFaults(storeId, { splitNextPage: true })
        logs.add('harness', 'info', formatTmpLine('harness', 'fault:split-next-page', { storeId }))
        break
      case 'hold-pull': {
        // Held already, or offline (no pull would reach the gate): the step does nothing.
        const leader = tabs.find(hasLeader)
        if (holding !== undefined || offline || leader === undefined) break
        await armLeaderGate(leader.page, 'pull', logs)
        await control.appendEvents(storeId, writerIssueEvents(1, writerId++), 'upstream-writer')
        // A leader that takes no pull (an earlier step stalled it) never reaches the gate: disarmed.
        if (!(await barrier('the leader holding at its pull gate', tmpPoint('leader', 'gate:wait', since)))) {
          await openLeaderGate(leader.page, 'pull')
          break
        }
        holding = leader
        continue
      }
      case 'reload':
        // Offline, the page itself cannot load: the step does nothing.
        if (offline) break
        // A leader killed at the wrong moment may never boot again (family F): a stall, not an error.
        await app
          .reload(BARRIER_MS)
          .catch((error: unknown) => miss('the store booting again', error, StoreDidNotBootError))
        if (holding === app) holding = undefined
        break
      case 'offline':
        if (offline) break
        // `setOffline` only holds an open WebSocket's frames: the server drops it too, a real cut.
        await setDeviceOffline(app.page.context(), true, logs)
        await control.dropSockets(storeId, { code: 1011 })
        offline = true
        continue
      case 'drop-sockets':
        await control.dropSockets(storeId, { abort: step.abort })
        if (!offline) await reconnected(since)
        break
      case 'restart-do':
        await control.restartStore(storeId)
        if (!offline) await reconnected(since)
        break
      case 'delay-pulls':
        await control.setFaults(storeId, { delayPullMs: step.ms })
        break
      case 'open-tab': {
        // Offline, a new tab cannot boot: the step does nothing.
        if (offline) break
        // A tab LiveStore fails to start (family G) is a stall for the verdict (`tab-started`), not an error.
        const opened = await app
          .openTab({ timeoutMs: BARRIER_MS })
          .catch((error: unknown) => miss('the new tab starting', error, StoreDidNotBootError))
        if (opened !== false) tabs.push(opened)
        break
      }
      case 'fail-pull':
        await control.setFaults(storeId, { failNextPull: true })
        break
      case 'evict':
        // Not running (evicted just before), or kept active by a live WebSocket pull: the step does nothing.
        await evictObject(backend, logs, 'backend', storeId, 'hibernate').catch((error: unknown) => {
          if (!(error instanceof DurableObjectBusyError || error instanceof DurableObjectNotRunningError)) throw error
        })
        break
      case 'deploy':
        // A backend the harness does not run (`--backend-url`) cannot be deployed to: the step does nothing.
        if (backend.deploy === undefined) break
        await deployBackend(backend, logs)
        if (!offline) await reconnected(since)
        break
      case 'replica-commit': {
        if (!ctx.replicas) break
        const replica = await ctx.app.openReplica()
        await replica.changePriority(step.issue, step.priority)
        await barrier("the replica's session taking the change", tmpPoint('client', 'local-push', since))
        break
      }
      case 'close-tab': {
        const [oldest] = tabs
        if (tabs.length < 2 || oldest === undefined) break
        tabs.shift()
        if (holding === oldest) holding = undefined
        await oldest.close()
        break
      }
    }
    if (releaseAfter.holding !== undefined && holding === releaseAfter.holding) {
      await openLeaderGate(holding.page, 'pull')
      holding = undefined
    }
    if (releaseAfter.offline && offline) {
      const back = now()
      await setDeviceOffline(current().page.context(), false, logs)
      offline = false
      await reconnected(back)
    }
  }
  if (holding !== undefined) await openLeaderGate(holding.page, 'pull')
  if (offline) {
    const back = now()
    await setDeviceOffline(current().page.context(), false, logs)
    await reconnected(back)
  }
  return { last, tabs, interleaving, writerId }
}
