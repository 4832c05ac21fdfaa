import { Schema } from 'effect'
import { TAB_KINDS, type TabKind } from '../../../apps/contract/device-kind.ts'
import { PRIORITIES } from '../../../apps/linearlite/src/labels.ts'
import { Interleaving } from './interleaving.ts'

/**
 * A schedule: the steps one exploration run applies to a freshly booted store, each at a barrier.
 * Declared as data: the explorer prints it, shrinks it and keeps a found one under
 * fixtures/regressions/.
 */
const Issue = Schema.Int.pipe(Schema.between(1, 53))
const Priority = Schema.Literal(...PRIORITIES)

export const Step = Schema.Union(
  /** One priority change through an issue's menu. */
  Schema.TaggedStruct('commit', { issue: Issue, priority: Priority }),
  /** Check k issues (a click, then a shift-click) and "Set priority…": one commit of k events. */
  Schema.TaggedStruct('bulk', { first: Issue, count: Schema.Int.pipe(Schema.between(2, 10)), priority: Priority }),
  /** Select an issue: a client-document event. */
  Schema.TaggedStruct('select', { issue: Issue }),
  /** Another writer appends k issues (pages of 100 from k > 100). */
  Schema.TaggedStruct('writer', { count: Schema.Int.pipe(Schema.between(1, 300)) }),
  /** The Durable Object splits its next page with events into `MoreUnknown` + an empty `NoMore` page. */
  Schema.TaggedStruct('split-page', {}),
  /** The leader holds its next pull (a writer's event) at its gate while the next step runs. */
  Schema.TaggedStruct('hold-pull', {}),
  /** Reload the page: the session restarts on the same store. */
  Schema.TaggedStruct('reload', {}),
  /** The device goes offline (`setOffline`, its socket dropped by the server) while the next step runs, then comes back. */
  Schema.TaggedStruct('offline', {}),
  /** The Durable Object drops the store's WebSockets (close 1011, or abort); the client must reconnect. */
  Schema.TaggedStruct('drop-sockets', { abort: Schema.Boolean }),
  /** The store's Durable Object restarts (its storage survives); the client must reconnect. */
  Schema.TaggedStruct('restart-do', {}),
  /** The backend delays every later pull by ms, until the schedule's faults are lifted. */
  Schema.TaggedStruct('delay-pulls', { ms: Schema.Int.pipe(Schema.between(50, 1000)) }),
  /** Another tab on the store (same device): later steps run in the newest open tab. */
  Schema.TaggedStruct('open-tab', {}),
  /** The oldest open tab closes when another is open (a leader handoff when it held the leader). */
  Schema.TaggedStruct('close-tab', {}),
  /** The backend fails the next pull request of a client (a poll's 5xx, a stream's error). */
  Schema.TaggedStruct('fail-pull', {}),
  /** The store's Durable Object is evicted once idle (hibernated): HTTP devices only, a live WebSocket pull keeps it active. */
  Schema.TaggedStruct('evict', {}),
  /** A deploy: workerd restarted on new worker code under the open pages. */
  Schema.TaggedStruct('deploy', {}),
  /** A priority change in the store's Cloudflare replica (opened on first use; from LiveStore 0.4.0). */
  Schema.TaggedStruct('replica-commit', { issue: Issue, priority: Priority }),
)
export type Step = typeof Step.Type

/** The kind of the schedule's device (the first tab, and the tabs it opens): a tab over WebSocket unless said. */
export const Device = Schema.Literal(...TAB_KINDS)

export const Schedule = Schema.Struct({
  /** The seed and index that drew it: `npm run explore -- --seed <seed>` draws it again. */
  seed: Schema.String,
  index: Schema.Int,
  device: Schema.optional(Device),
  steps: Schema.Array(Step),
  /** A found run's interleaving, when the schedule replays one (see interleaving.ts). */
  order: Schema.optional(Interleaving),
})
export type Schedule = typeof Schedule.Type

/** mulberry32: small, seedable, the same sequence on every machine. */
const random = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const hash = (text: string) =>
  [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619) >>> 0, 2_166_136_261)

/** How often each kind of step is drawn: changes most, faults and reloads less. */
const WEIGHTS: readonly [Step['_tag'], number][] = [
  ['commit', 4],
  ['bulk', 2],
  ['select', 1],
  ['writer', 2],
  ['split-page', 1],
  ['hold-pull', 1],
  ['reload', 0.5],
  ['offline', 0.5],
  ['drop-sockets', 0.5],
  ['restart-do', 0.5],
  ['delay-pulls', 0.5],
  ['open-tab', 0.5],
  ['close-tab', 0.5],
  ['fail-pull', 0.5],
  ['evict', 0.5],
  ['deploy', 0.5],
  ['replica-commit', 0.5],
]

/** What a device of each kind draws: an eviction only where nothing keeps the instance active (HTTP). */
const weightsFor = (device: TabKind) => WEIGHTS.filter(([tag]) => tag !== 'evict' || device === 'http-tab')

/** One schedule in four runs on a tab over HTTP. */
const HTTP_SHARE = 0.25

/** The schedule number `index` of a seed: 5 to 30 steps, the last a change the verdict follows. */
export const drawSchedule = (seed: string, index: number): Schedule => {
  const next = random(hash(`${seed}#${index}`))
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const priority = () => PRIORITIES[int(0, PRIORITIES.length - 1)] ?? 'Urgent'
  // Its own stream: the steps a seed draws do not depend on it.
  const device: TabKind = random(hash(`${seed}#${index}#device`))() < HTTP_SHARE ? 'http-tab' : 'tab'
  const weights = weightsFor(device)
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0)
  const draw = (): Step => {
    const pick = next() * total
    let below = 0
    const [tag] = weights.find(([, weight]) => {
      below += weight
      return pick < below
    }) ?? ['commit']
    switch (tag) {
      case 'commit':
        return { _tag: 'commit', issue: int(1, 53), priority: priority() }
      case 'bulk':
        return { _tag: 'bulk', first: int(1, 44), count: int(2, 10), priority: priority() }
      case 'select':
        return { _tag: 'select', issue: int(1, 53) }
      case 'writer':
        return { _tag: 'writer', count: next() < 0.8 ? int(1, 5) : int(100, 300) }
      case 'drop-sockets':
        return { _tag: 'drop-sockets', abort: next() < 0.5 }
      case 'delay-pulls':
        return { _tag: 'delay-pulls', ms: int(50, 1000) }
      case 'replica-commit':
        return { _tag: 'replica-commit', issue: int(1, 53), priority: priority() }
      default:
        return { _tag: tag }
    }
  }
  const length = int(5, 30)
  const steps = Array.from({ length: length - 1 }, draw)
  const final: Step = { _tag: 'commit', issue: int(1, 53), priority: priority() }
  return { seed, index, ...(device === 'tab' ? {} : { device }), steps: [...steps, final] }
}

/** A schedule's test title: the explorer finds its outcome by it. */
export const scheduleTitle = (schedule: Schedule): string =>
  `seed ${schedule.seed} #${schedule.index} (${schedule.steps.length} steps${schedule.device === undefined ? '' : `, ${schedule.device}`})`

export const describeStep = (step: Step): string => {
  switch (step._tag) {
    case 'commit':
      return `commit issue ${step.issue} → ${step.priority}`
    case 'bulk':
      return `bulk ${step.count} issues from ${step.first} → ${step.priority}`
    case 'select':
      return `select issue ${step.issue}`
    case 'writer':
      return `writer appends ${step.count}`
    case 'drop-sockets':
      return `drop sockets${step.abort ? ' (abort)' : ''}`
    case 'delay-pulls':
      return `delay pulls ${step.ms} ms`
    case 'replica-commit':
      return `replica commits issue ${step.issue} → ${step.priority}`
    default:
      return step._tag
  }
}

/** Chunk sizes for delta debugging over n steps: halves, quarters, … down to single steps. */
const chunkSizes = (n: number): number[] => {
  const sizes: number[] = []
  for (let size = Math.ceil(n / 2); size >= 1; size = size === 1 ? 0 : Math.ceil(size / 2)) {
    if (sizes.at(-1) !== size) sizes.push(size)
  }
  return sizes
}

/**
 * Smaller schedules to try, most reducing first (delta debugging): without each half of the steps
 * before the final change, then each quarter, … then each single step; then with each count
 * lowered (a writer's to 1, a bulk's to 2, a delay to 50 ms).
 */
export const shrinkCandidates = (schedule: Schedule): Schedule[] => {
  const { steps } = schedule
  const body = steps.length - 1
  const without = chunkSizes(body).flatMap((size) =>
    Array.from({ length: Math.ceil(body / size) }, (_, chunk) =>
      steps.filter((__, index) => index >= body || index < chunk * size || index >= (chunk + 1) * size),
    ),
  )
  const lowered = steps.flatMap((step, index) => {
    const smaller =
      step._tag === 'writer' && step.count > 1
        ? { ...step, count: 1 }
        : step._tag === 'bulk' && step.count > 2
          ? { ...step, count: 2 }
          : step._tag === 'delay-pulls' && step.ms > 50
            ? { ...step, ms: 50 }
            : undefined
    return smaller === undefined ? [] : [steps.map((candidate, at) => (at === index ? smaller : candidate))]
  })
  // A candidate's steps are not the found run's: it runs free, and records its own interleaving.
  const { seed, index, device } = schedule
  return [...without, ...lowered].map((candidate) => ({
    seed,
    index,
    ...(device === undefined ? {} : { device }),
    steps: candidate,
  }))
}
