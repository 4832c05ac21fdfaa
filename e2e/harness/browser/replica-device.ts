import type { EventlogRead } from '../../../apps/contract/eventlog.ts'
import type { SyncSnapshot } from '../../../apps/contract/sync-snapshot.ts'
import { PRIORITIES } from '../../../apps/linearlite/src/labels.ts'
import type { BackendControl } from '../backend/control-client.ts'
import { oneLine } from '../base/known-errors.ts'
import { step } from '../base/step.ts'
import type { LogStream } from '../capture/log-stream.ts'
import type { ChangedOn, MadeChange, PeerClient } from './change.ts'
import { type PriorityName, priorityChange } from './priority.ts'

/** The replica as a peer of the tabs: its leader prints in the worker's output (process `replica`). */
export const REPLICA_PEER: PeerClient = { name: 'replica', leaders: ['replica'] }

/**
 * A Cloudflare replica (worker/src/replica.ts), driven through the control routes: no page, no
 * clicks. Its changes, sync state and eventlog are the same as a tab's to the verdict.
 */
export class ReplicaDevice implements ChangedOn {
  readonly device = 'replica'
  readonly client = 'replica'

  constructor(
    private readonly control: BackendControl,
    readonly storeId: string,
    private readonly stream: LogStream,
    private readonly tabClients: () => PeerClient[],
  ) {}

  /** A priority change in the replica's store, committed as the app's menu commits it. */
  changePriority(issueId: number, priority: PriorityName): Promise<MadeChange> {
    return step(`change issue ${issueId}'s priority to ${priority} in the replica`, async () => {
      const changedAt = Date.now() - this.stream.startedAt
      await this.control.replicaCommit(this.storeId, { issueId, priority: PRIORITIES.indexOf(priority) })
      return priorityChange(issueId, priority, changedAt)
    })
  }

  readSnapshot(timeoutMs: number): Promise<SyncSnapshot> {
    return this.control.replicaSyncState(this.storeId, timeoutMs).catch(
      (error: unknown): SyncSnapshot => ({
        answered: false,
        reason: `the replica could not be read: ${oneLine(error)}`,
      }),
    )
  }

  readEventlog(untilGlobal: number, timeoutMs: number): Promise<EventlogRead> {
    return this.control
      .replicaEventlog(this.storeId, untilGlobal, timeoutMs)
      .catch(
        (error: unknown): EventlogRead => ({ read: false, reason: `the replica could not be read: ${oneLine(error)}` }),
      )
  }

  /** Every tab's client. */
  peers(): PeerClient[] {
    return this.tabClients()
  }
}
