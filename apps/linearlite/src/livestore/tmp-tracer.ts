import type { Attributes, Span, SpanContext, Tracer } from '@opentelemetry/api'
import { formatTmpLine } from '../../../contract/tmp-line.ts'

/**
 * An OpenTelemetry tracer that keeps nothing and prints every span event LiveStore emits
 * (`push:advance`, `pull:rebase[1]`, …) as a `[TMP][<source>]` line. Spans that end after a push
 * settles are printed too, so a span that never ends is visible by its missing line.
 */
const WATCHED_SPANS = new Set(['@livestore/common:LeaderSyncProcessor:push'])

/** LiveStore's span events are `push:advance`, `pull:rebase[1]`, `backend-push`; Effect log messages are not. */
const SPAN_EVENT_NAME = /^[a-z]+(?:[-:][a-z-]+)+(?:\[\d+\])?$/

/** Attributes Effect adds to every event, and unset verbose fields: noise in a log line. */
const isNoise = (key: string, value: unknown) =>
  key.startsWith('effect.') || key.startsWith('code.') || key === 'thread' || value === 'undefined'

const cleanAttributes = (attributes: Attributes): Attributes =>
  Object.fromEntries(Object.entries(attributes).filter(([key, value]) => !isNoise(key, value)))

let nextId = 1
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')

export const makeTmpTracer = (source: string): Tracer => {
  const startSpan = (name: string, options?: { attributes?: Attributes }): Span => {
    const id = nextId++
    const attributes: Attributes = { ...options?.attributes }
    const context: SpanContext = { traceId: hex(id, 32), spanId: hex(id, 16), traceFlags: 1 }
    const startTime = performance.now()
    const span: Span & { _duration: [number, number]; _performanceStartTime: number } = {
      // Read by LiveStore's store tracer integration; harmless elsewhere.
      _duration: [0, 0],
      _performanceStartTime: startTime,
      spanContext: () => context,
      setAttribute: (key, value) => {
        if (value !== undefined) attributes[key] = value
        return span
      },
      setAttributes: (more) => {
        Object.assign(attributes, more)
        return span
      },
      addEvent: (eventName, attrs) => {
        if (!SPAN_EVENT_NAME.test(eventName)) return span
        const fields = typeof attrs === 'object' && attrs !== null && !Array.isArray(attrs) ? (attrs as Attributes) : {}
        console.debug(formatTmpLine(source, eventName, cleanAttributes(fields)))
        return span
      },
      addLink: () => span,
      addLinks: () => span,
      setStatus: () => span,
      updateName: () => span,
      end: () => {
        if (WATCHED_SPANS.has(name)) {
          const ms = Math.round(performance.now() - startTime)
          console.debug(formatTmpLine(source, 'span:end', { span: name, ms, ...cleanAttributes(attributes) }))
        }
      },
      isRecording: () => true,
      recordException: () => undefined,
    }
    return span
  }
  const startActiveSpan = ((name: string, ...args: unknown[]) => {
    const fn = args.at(-1) as (span: Span) => unknown
    const options = args.length > 1 ? (args[0] as { attributes?: Attributes }) : undefined
    return fn(startSpan(name, options))
  }) as Tracer['startActiveSpan']
  return { startSpan, startActiveSpan }
}
