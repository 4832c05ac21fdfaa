import { expect, test } from '@playwright/test'
import { formatSeq, formatSeqRange, parseSeq } from '../../apps/contract/seq.ts'
import { formatTmpLine, parseTmpLine } from '../../apps/contract/tmp-line.ts'
import { formatConsoleArgs, stripConsoleStyling } from '../harness/capture/console-format.ts'

test('a [TMP] line survives formatting and parsing', () => {
  const text = formatTmpLine('leader', 'push:recv', { batchSize: 1, first: 'e54', last: 'e54' })
  expect(text).toBe('[TMP][leader] push:recv {"batchSize":1,"first":"e54","last":"e54"}')
  expect(parseTmpLine(text)).toEqual({
    source: 'leader',
    name: 'push:recv',
    fields: { batchSize: 1, first: 'e54', last: 'e54' },
  })
})

test('lines that are not [TMP] lines, or carry no JSON, are handled', () => {
  expect(parseTmpLine('[livestore] something else')).toBeUndefined()
  expect(parseTmpLine('[TMP][client] push->leader:ok')).toEqual({
    source: 'client',
    name: 'push->leader:ok',
    fields: {},
  })
  expect(parseTmpLine('[TMP][client] odd {not json')).toEqual({
    source: 'client',
    name: 'odd',
    fields: { raw: '{not json' },
  })
})

test('sequence numbers print in the notation of the root-cause analysis and parse from both notations', () => {
  expect(formatSeq({ global: 54 })).toBe('e54')
  expect(formatSeq({ global: 53, client: 1, rebaseGeneration: 1 })).toBe('e53+1r1')
  expect(parseSeq('e53+1r1')).toEqual({ global: 53, client: 1, rebaseGeneration: 1 })
  expect(parseSeq('e53.2')).toEqual({ global: 53, client: 2, rebaseGeneration: 0 })
  expect(parseSeq('54')).toBeUndefined()
  expect(formatSeqRange([{ global: 1 }, { global: 2 }, { global: 53 }])).toBe('e1..e53')
})

test('console styling is dropped from CDP arguments and from joined text', () => {
  const args = [
    { type: 'string', value: '%c[livestore]%c pushed %s' },
    { type: 'string', value: 'color: blue; font-weight: bold' },
    { type: 'string', value: '' },
    { type: 'number', value: 3 },
    { type: 'object', description: 'Object' },
  ]
  expect(formatConsoleArgs(args)).toBe('[livestore] pushed 3 Object')
  expect(stripConsoleStyling('%cWARN%c slow push color: orange; font-weight: bold')).toBe('WARN slow push')
  expect(stripConsoleStyling('[TMP][leader] push:advance {"batchSize":1}')).toBe(
    '[TMP][leader] push:advance {"batchSize":1}',
  )
})
