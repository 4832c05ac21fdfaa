import { leaderPoint } from '../point.ts'
import type { TracepointGroup } from '../types.ts'
import { group as dev8 } from './0.4.0-dev.8.ts'
import { replacingPoints } from './derive.ts'
import { dropOldGenPartitioned } from './shared.ts'

/**
 * 0.4.0-dev.12 to 0.4.0-dev.22: the two latches of dev.8, but an old-generation batch is split
 * (`ReadonlyArray.partition`) and its dropped items' deferreds are failed instead of left waiting.
 * Everything else, and the whole session module, keeps dev.8's structure.
 */
export const group: TracepointGroup = {
  versions: [
    '0.4.0-dev.12',
    '0.4.0-dev.14',
    '0.4.0-dev.16',
    '0.4.0-dev.19',
    '0.4.0-dev.20',
    '0.4.0-dev.21',
    '0.4.0-dev.22',
  ],
  files: {
    leader: replacingPoints(dev8.files.leader, [
      dropOldGenPartitioned,
      leaderPoint('latch:openPull/dropOldGen', { anchor: 'if (filteredItems.length === 0) {', insert: 'after' }),
    ]),
    session: dev8.files.session,
  },
}
