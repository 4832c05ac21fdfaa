import type { TracepointGroup } from '../types.ts'
import { group as v031 } from './0.3.1.ts'
import { group as dev8 } from './0.4.0-dev.8.ts'
import { group as dev12 } from './0.4.0-dev.12.ts'
import { group as dev23 } from './0.4.0-dev.23.ts'

/** One table per group of published versions whose two target modules share a structure. */
export const TRACEPOINT_GROUPS: readonly TracepointGroup[] = [v031, dev8, dev12, dev23]
