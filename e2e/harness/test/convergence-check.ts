import { readFile, writeFile } from 'node:fs/promises'
import type { Browser, TestInfo } from '@playwright/test'
import type { EventlogEntry, EventlogRead } from '../../../apps/contract/eventlog.ts'
import { parseSeq } from '../../../apps/contract/seq.ts'
import type { SyncSnapshot } from '../../../apps/contract/sync-snapshot.ts'
import { formatTmpLine } from '../../../apps/contract/tmp-line.ts'
import type { Backend } from '../backend/backend.ts'
import { decodeJson } from '../base/data-file.ts'
import { step } from '../base/step.ts'
import { appPages, readPageEventlog } from '../browser/eventlog.ts'
import type { ReplicaDevice } from '../browser/replica-device.ts'
import { readPageSyncSnapshot } from '../browser/sync-probe.ts'
import type { LogStream } from '../capture/log-stream.ts'
import {
  acknowledgedSeqs,
  backendEntry,
  type Convergence,
  compareEventlogs,
  type Divergence,
  describeConvergence,
  lostAcknowledged,
} from '../verdict/convergence.ts'
import { VERDICT_ATTACHMENT, VerdictRecord } from '../verdict/verdict-record.ts'

/** How long clients get to settle once faults are lifted. */
const SETTLE_MS = 10_000
/** A client's whole eventlog, read as a stream: it is cut off sooner when it goes quiet (eventlog-probe.ts). */
const READ_MS = 10_000

/** A client the check reads: a tab's page, or the replica. */
interface Labeled {
  label: string
  readSnapshot: (timeoutMs: number) => Promise<SyncSnapshot>
  readEventlog: (untilGlobal: number, timeoutMs: number) => Promise<EventlogRead>
}

const labeledClients = async (browser: Browser, replica: ReplicaDevice | undefined): Promise<Labeled[]> => {
  const labeled: Labeled[] = []
  for (const [device, context] of browser.contexts().entries()) {
    for (const [tab, page] of (await appPages(context.pages())).entries()) {
      labeled.push({
        label: `device ${device + 1} tab ${tab + 1}`,
        readSnapshot: (ms) => readPageSyncSnapshot(page, ms),
        readEventlog: (until, ms) => readPageEventlog(page, until, ms),
      })
    }
  }
  if (replica !== undefined)
    labeled.push({
      label: 'the replica',
      readSnapshot: (ms) => replica.readSnapshot(ms),
      readEventlog: (until, ms) => replica.readEventlog(until, ms),
    })
  return labeled
}

/** Every client at the backend head with nothing pending, read once. */
const settled = async (clients: readonly Labeled[], head: number): Promise<boolean> => {
  for (const { readSnapshot } of clients) {
    const snapshot = await readSnapshot(1000)
    if (!snapshot.answered) return false
    const { session, leader } = snapshot
    if (session.pending.length > 0 || leader.pending.length > 0) return false
    if ((parseSeq(leader.upstreamHead)?.global ?? 0) < head) return false
  }
  return true
}

/**
 * Why a stalled verdict's clients are not read again: the verdict already waited out its bound (or
 * saw final evidence), so another look would only wait a second time for what it decided.
 */
const knownStalled = (verdict: VerdictRecord | undefined): string | undefined => {
  if (verdict === undefined || verdict.ok) return undefined
  if (verdict.probe !== undefined) return `not read again: the store stopped answering (${verdict.probe})`
  if (verdict.decided?.by === 'evidence') return `not read again: the stall is final (${verdict.decided.line.trim()})`
  return `not read again: stalled at ${verdict.stage}${verdict.decided === undefined ? '' : ', decided by the window'}`
}

const readVerdict = async (path: string): Promise<VerdictRecord | undefined> => {
  const text = await readFile(path, 'utf8').catch(() => undefined)
  return text === undefined ? undefined : decodeJson(VerdictRecord, text, path)
}

/**
 * After a scenario: lift every fault (backend faults, offline devices), let the clients settle
 * (bounded), then compare every client's eventlog with the backend's. The result goes into
 * `verdict.json` as `convergence`; a divergence fails the test as a stall does, unless the test's
 * verdict already is a stall (its clients are expected not to converge).
 */
export const checkConvergence = async ({
  browser,
  backend,
  storeId,
  logs,
  testInfo,
  replica,
}: {
  browser: Browser
  backend: Backend
  /** The store's replica, if the test opened one: a client like the tabs. */
  replica?: ReplicaDevice
  storeId: string
  logs: LogStream
  testInfo: TestInfo
}): Promise<void> => {
  if (backend.exitReason() !== undefined) return
  const verdictPath = testInfo.outputPath(VERDICT_ATTACHMENT)
  const verdict = await readVerdict(verdictPath)
  const convergence = await step('convergence: every client equals the backend', async () => {
    await backend.control.resetFaults()
    await Promise.all(browser.contexts().map((context) => context.setOffline(false)))
    logs.add('harness', 'info', formatTmpLine('harness', 'fault:lift-all', {}))
    const known = knownStalled(verdict)
    if (known !== undefined) {
      // The backend alone still tells whether an acknowledged event was lost: no client is read.
      const store = await backend.control.readStore(storeId)
      const lost = lostAcknowledged(acknowledgedSeqs(logs.tmpLines()), store.events)
      return lost.length === 0 ? { notChecked: known } : { diverged: lost, backendHead: `e${store.head}` }
    }
    const clients = await labeledClients(browser, replica)
    if (clients.length === 0) return { notChecked: 'no tab of the store is open any more' }
    const deadline = Date.now() + SETTLE_MS
    let store = await backend.control.readStore(storeId)
    for (;;) {
      const seen = logs.lines.length
      if (Date.now() >= deadline || (await settled(clients, store.head))) break
      await logs.nextActivity(seen, deadline)
      store = await backend.control.readStore(storeId)
    }
    const expected: EventlogEntry[] = store.events.map(backendEntry)
    const diverged: Divergence[] = lostAcknowledged(acknowledgedSeqs(logs.tmpLines()), store.events)
    for (const { label, readEventlog } of clients) {
      const read = await readEventlog(store.head, READ_MS)
      if (!read.read && read.unsupported === true) return { notChecked: `${label}: ${read.reason}` }
      if (!read.read)
        diverged.push({ client: label, message: `${label}: the eventlog could not be read: ${read.reason}` })
      else {
        const difference = compareEventlogs(label, expected, read.events, read.complete)
        if (difference !== undefined) diverged.push(difference)
      }
    }
    const result: Convergence = diverged.length === 0 ? 'converged' : { diverged, backendHead: `e${store.head}` }
    logs.add(
      'harness',
      'info',
      formatTmpLine('harness', 'convergence', { clients: clients.length, result: describeConvergence(result) }),
    )
    return result
  })
  testInfo.annotations.push({ type: 'convergence', description: describeConvergence(convergence) })
  if (verdict !== undefined) await writeFile(verdictPath, `${JSON.stringify({ ...verdict, convergence }, null, 2)}\n`)
  if (convergence !== 'converged' && !('notChecked' in convergence) && verdict?.ok !== false)
    throw new Error(`no convergence: ${describeConvergence(convergence)}`)
}
