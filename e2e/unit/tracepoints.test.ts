import { expect, test } from '@playwright/test'
import { transform } from 'esbuild'
import ts from 'typescript'
import { formatSeq } from '../../apps/contract/seq.ts'
import { parseTmpLine } from '../../apps/contract/tmp-line.ts'
import { TRACEPOINT_GROUPS } from '../harness/livestore/tracepoints/groups/index.ts'
import { TRACEPOINT_HELPER, TRACEPOINT_HELPER_NAMES } from '../harness/livestore/tracepoints/helper.ts'
import {
  anchorPlaces,
  instrument,
  TARGET_FILES,
  tracepointMarker,
} from '../harness/livestore/tracepoints/instrument.ts'
import { locate, parseModule } from '../harness/livestore/tracepoints/locate.ts'
import { publishedDistFile } from '../harness/livestore/tracepoints/published.ts'
import type { Tracepoint, TracepointFile } from '../harness/livestore/tracepoints/types.ts'
import { TracepointPlacement, tracepointsPlugin } from '../harness/livestore/tracepoints/vite-plugin.ts'

const FILES: readonly TracepointFile[] = ['leader', 'session']

const insertedText = (tracepoint: Tracepoint): string =>
  tracepoint.insert === 'before'
    ? `${tracepointMarker(tracepoint.point)} ${tracepoint.code} `
    : ` ${tracepointMarker(tracepoint.point)} ${tracepoint.code}`

/** Names used by inserted code that resolve nowhere in the module: each would be a ReferenceError inside LiveStore. */
const unresolvedNames = (modules: Record<string, { code: string; tracepoints: readonly Tracepoint[] }>): string[] => {
  // No lib and no imports followed: only names a tracepoint brings in can be reported inside its range.
  const host = ts.createCompilerHost({})
  const readFile = host.readFile
  host.readFile = (name) => modules[name]?.code ?? readFile(name)
  host.fileExists = (name) => name in modules
  const program = ts.createProgram(
    Object.keys(modules),
    { allowJs: true, checkJs: true, noEmit: true, noLib: true, noResolve: true, target: ts.ScriptTarget.ES2022 },
    host,
  )
  return Object.entries(modules).flatMap(([name, { code, tracepoints }]) => {
    const ranges = tracepoints.map((tracepoint) => {
      const start = code.indexOf(insertedText(tracepoint))
      return { point: tracepoint.point, start, end: start + insertedText(tracepoint).length }
    })
    const sourceFile = program.getSourceFile(name)
    return program
      .getSemanticDiagnostics(sourceFile)
      .filter((diagnostic) => diagnostic.code === 2304 || diagnostic.code === 2552)
      .flatMap((diagnostic) => {
        const start = diagnostic.start ?? -1
        const range = ranges.find((candidate) => candidate.start <= start && start < candidate.end)
        const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')
        return range === undefined ? [] : [`${name} ${range.point}: ${message}`]
      })
  })
}

for (const group of TRACEPOINT_GROUPS) {
  test(`table of ${group.versions[0]}: unique points, one __tmp call each, logging the point's name`, () => {
    for (const file of FILES) {
      const points = group.files[file].map((tracepoint) => tracepoint.point)
      expect(new Set(points).size, `${file} points are unique`).toBe(points.length)
      for (const { point, code } of group.files[file]) {
        const name = point.split('/')[0]
        expect(code, point).not.toContain('\n')
        expect(code.match(/__tmp\(/g)?.length, point).toBe(1)
        expect(code, point).toContain(`__tmp('${file === 'leader' ? 'leader' : 'client'}', '${name}'`)
      }
    }
  })

  for (const version of group.versions) {
    test(`LiveStore ${version}: every tracepoint fits once, parses and resolves its names`, async () => {
      const modules: Record<string, { code: string; tracepoints: readonly Tracepoint[] }> = {}
      for (const file of FILES) {
        const source = publishedDistFile(version, file)
        const tracepoints = group.files[file]
        const { code, placed, unplaced } = instrument(source, file, version)
        // On a published version every point is placed by its exact anchor.
        expect(unplaced, file).toEqual([])
        expect(new Set(Object.values(placed)), file).toEqual(new Set(['anchor']))
        const markers = [...code.matchAll(/\/\*tp:(.*?)\*\//g)].map((match) => match[1])
        expect(markers.sort(), file).toEqual(tracepoints.map((tracepoint) => tracepoint.point).sort())

        // The insertions and the helper are the only change, so every line of LiveStore keeps its number.
        let stripped = code.replace(`\n${TRACEPOINT_HELPER}`, '')
        for (const tracepoint of tracepoints) stripped = stripped.replace(insertedText(tracepoint), '')
        expect(stripped === source, `${file}: only insertions added`).toBe(true)

        // esbuild drops comments: a call that landed in one would be missing here.
        const parsed = await transform(code, { loader: 'js', format: 'esm' })
        const calls = (text: string) => text.match(/(?<!function )\b__tmp\(/g)?.length ?? 0
        // The helper's own calls (the gate logs through __tmp) are not tracepoints.
        expect(calls(parsed.code) - calls(TRACEPOINT_HELPER), file).toBe(tracepoints.length)
        modules[`/${version}/${TARGET_FILES[file]}`] = { code, tracepoints }
      }
      expect(unresolvedNames(modules)).toEqual([])
    })

    test(`LiveStore ${version}: every locator finds the one place its anchor finds`, () => {
      for (const file of FILES) {
        const source = publishedDistFile(version, file)
        const module = parseModule(source)
        for (const tracepoint of group.files[file]) {
          if (tracepoint.locate === undefined) continue
          const places = anchorPlaces(source, tracepoint)
          expect(places, `${file} ${tracepoint.point}`).toHaveLength(1)
          expect(locate(module, tracepoint.locate), `${file} ${tracepoint.point}`).toEqual(places)
        }
      }
    })
  }
}

test('a point whose anchor no longer fits once is placed by its locator, or listed as unplaced', () => {
  const source = publishedDistFile('0.4.0', 'leader')
  // A fix that passes one more argument, as upstream PR #1530 does.
  const rewritten = source.replace(
    'yield* validatePushBatch(newEvents, pushHeadRef.current);',
    'yield* validatePushBatch(newEvents, pushHeadRef.current, isClientEvent);',
  )
  const moved = instrument(rewritten, 'leader', '0.4.0')
  expect(moved.unplaced).toEqual([])
  expect(moved.placed['push:recv']).toBe('structure')
  expect(moved.placed['push:refused']).toBe('structure')
  expect(moved.code).toContain(
    'validatePushBatch(newEvents, pushHeadRef.current, isClientEvent) /*tp:push:refused*/ .pipe(Effect.tapError(',
  )

  const session = publishedDistFile('0.4.0', 'session')
  const missing = session.replace('debugInfo.advanceCount++;', 'debugInfo.advanceCount += 1;')
  const twice = session.replace('debugInfo.advanceCount++;', 'debugInfo.advanceCount++; debugInfo.advanceCount++;')
  const reason = (times: number) => `its anchor occurs ${times} times and it has no locator`
  expect(instrument(missing, 'session', '0.4.0').unplaced).toEqual([
    { point: 'pull:merge:advance', file: 'session', reason: reason(0) },
  ])
  expect(instrument(twice, 'session', '0.4.0').unplaced).toEqual([
    { point: 'pull:merge:advance', file: 'session', reason: reason(2) },
  ])
  expect(instrument(missing, 'session', '0.4.0').code).not.toContain('/*tp:pull:merge:advance*/')
})

test('an unknown version fails with one line naming it, in instrument and in the vite plugin', () => {
  const source = publishedDistFile('0.4.0', 'leader')
  expect(() => instrument(source, 'leader', '0.4.1')).toThrow(
    /^LiveStore 0\.4\.1: no tracepoint table for this version \(.*\)$/,
  )

  const transformHook = tracepointsPlugin(new TracepointPlacement('0.4.1')).transform
  if (typeof transformHook !== 'function') throw new Error('the plugin has no transform function')
  const run = (id: string) => transformHook.call({} as never, source, id, {} as never)
  const windowsId = 'C:\\app\\node_modules\\@livestore\\common\\dist\\leader-thread\\LeaderSyncProcessor.js?v=1a2b'
  expect(() => run(windowsId)).toThrow(/^LiveStore 0\.4\.1: no tracepoint table/)
  expect(run('/app/node_modules/@livestore/common/dist/leader-thread/eventlog.js')).toBeNull()
})

test('the vite plugin instruments both target modules; a module it never saw costs all its points', () => {
  const placement = new TracepointPlacement('0.4.0')
  const transformHook = tracepointsPlugin(placement).transform
  if (typeof transformHook !== 'function') throw new Error('the plugin has no transform function')
  const run = (file: TracepointFile) =>
    transformHook.call(
      {} as never,
      publishedDistFile('0.4.0', file),
      `/app/node_modules/@livestore/common/dist/${TARGET_FILES[file]}`,
      {} as never,
    )
  expect(run('leader')).toMatchObject({ code: expect.stringContaining('/*tp:'), map: null })
  expect(new Set(placement.unplaced().map(({ file, reason }) => `${file}: ${reason}`))).toEqual(
    new Set(['session: the build bundled no @livestore/common/dist/sync/ClientSessionSyncProcessor.js']),
  )
  expect(run('session')).toMatchObject({ code: expect.stringContaining('/*tp:'), map: null })
  expect(placement.unplaced()).toEqual([])
})

test('the helper prints [TMP] lines with sequence numbers in the analysis notation', async () => {
  const moduleText = `${TRACEPOINT_HELPER}\nexport { ${TRACEPOINT_HELPER_NAMES.join(', ')} }`
  const helper = (await import(`data:text/javascript,${encodeURIComponent(moduleText)}`)) as {
    __tmp: (source: string, name: string, fields?: () => unknown) => void
    __tmpSeq: (value: unknown) => string | undefined
    __tmpSeqs: (items: unknown) => string
    __tmpError: (error: unknown) => string
  }
  const seq = { global: 53, client: 1, rebaseGeneration: 1 }
  expect(helper.__tmpSeq(seq)).toBe(formatSeq(seq))
  expect(helper.__tmpSeq(seq)).toBe('e53+1r1')
  expect(helper.__tmpSeq('e53.1r1')).toBe('e53+1r1')
  expect(helper.__tmpSeq('(54,0)')).toBe('e54')
  expect(helper.__tmpSeq({ global: 54, client: 0 })).toBe('e54')
  expect(helper.__tmpSeq({ eventEncoded: { seqNum: 7 } })).toBe('e7')
  expect(helper.__tmpSeq([{ seqNum: seq }, undefined])).toBe('e53+1r1')
  expect(helper.__tmpSeq(undefined)).toBeUndefined()
  const batch = [1, 2, 3].map((client) => ({ seqNum: { global: 53, client, rebaseGeneration: 1 } }))
  expect(helper.__tmpSeqs(batch)).toBe('e53+1r1..e53+3r1')
  expect(helper.__tmpSeqs([{ seqNum: { global: 54, client: 0, rebaseGeneration: 0 } }])).toBe('e54')
  expect(helper.__tmpSeqs([])).toBe('')
  expect(helper.__tmpError({ _tag: 'InvalidPushError', cause: { _tag: 'ServerAheadError' } })).toBe(
    'InvalidPushError(ServerAheadError)',
  )

  const lines: string[] = []
  const debug = console.debug
  console.debug = (text: string) => lines.push(text)
  try {
    helper.__tmp('leader', 'push:advance', () => ({ seqs: helper.__tmpSeqs(batch) }))
    helper.__tmp('leader', 'latch:closePull')
    helper.__tmp('client', 'pull<-leader', () => {
      throw new TypeError('no newEvents')
    })
  } finally {
    console.debug = debug
  }
  expect(lines.map(parseTmpLine)).toEqual([
    { source: 'leader', name: 'push:advance', fields: { seqs: 'e53+1r1..e53+3r1' } },
    { source: 'leader', name: 'latch:closePull', fields: {} },
    { source: 'client', name: 'pull<-leader', fields: { tracepointError: 'TypeError: no newEvents' } },
  ])
})
