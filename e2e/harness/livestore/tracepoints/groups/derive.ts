import type { Tracepoint } from '../types.ts'

/**
 * A table that differs from another in a few tracepoints: the other's, with those replaced in
 * place (matched by `point`). The difference between two version groups then reads as data.
 */
export const replacingPoints = (base: readonly Tracepoint[], changed: readonly Tracepoint[]): Tracepoint[] => {
  const unknown = changed.find((tracepoint) => !base.some((candidate) => candidate.point === tracepoint.point))
  if (unknown !== undefined) throw new Error(`tracepoint table: ${unknown.point} replaces nothing`)
  return base.map((tracepoint) => changed.find((candidate) => candidate.point === tracepoint.point) ?? tracepoint)
}
