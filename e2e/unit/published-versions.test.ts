import { expect, test } from '@playwright/test'
import {
  assertPublished,
  LivestoreVersionError,
  missingPackages,
  type PublishedVersions,
  versionsInRange,
} from '../harness/livestore/published-versions.ts'
import { compareVersions, traitsOf } from '../harness/livestore/traits.ts'

/** npm's answer, as it was when the harness learned 0.3.1 to 0.4.0 (trimmed). */
const PUBLISHED: PublishedVersions = new Map([
  ['@livestore/livestore', new Set(['0.3.0', '0.3.1', '0.3.2-dev.10', '0.4.0-dev.22', '0.4.0-dev.26', '0.4.0'])],
  ['@livestore/adapter-web', new Set(['0.3.0', '0.3.1', '0.3.2-dev.10', '0.4.0-dev.22', '0.4.0-dev.25', '0.4.0'])],
  ['@livestore/sync-cf', new Set(['0.3.0', '0.3.1', '0.4.0-dev.22', '0.4.0'])],
  [
    '@livestore/utils',
    new Set(['0.3.0', '0.3.1', '0.3.2-dev.10', '0.4.0-dev.22', '0.4.0-dev.25', '0.4.0-dev.26', '0.4.0']),
  ],
])

test('the range is every version any package has, from the oldest supported on, in release order', () => {
  expect(versionsInRange(PUBLISHED)).toEqual([
    '0.3.1',
    '0.3.2-dev.10',
    '0.4.0-dev.22',
    '0.4.0-dev.25',
    '0.4.0-dev.26',
    '0.4.0',
  ])
  expect(compareVersions('0.4.0', '0.4.0')).toBe(0)
})

test('a version npm lacks a package of is a one-line error naming it', () => {
  expect(missingPackages(PUBLISHED, '0.4.0')).toEqual([])
  expect(missingPackages(PUBLISHED, '0.4.0-dev.26')).toEqual(['@livestore/adapter-web', '@livestore/sync-cf'])
  expect(() => assertPublished(PUBLISHED, '0.4.0-dev.26')).toThrow(
    new LivestoreVersionError(
      'LiveStore 0.4.0-dev.26 is not published in full: npm has no @livestore/adapter-web@0.4.0-dev.26, @livestore/sync-cf@0.4.0-dev.26',
    ),
  )
  expect(() => assertPublished(PUBLISHED, '0.5.0')).toThrow(/^LiveStore 0.5.0 is not published on npm/)
})

test('the sync-cf API a version speaks', () => {
  expect(traitsOf('0.3.1')).toMatchObject({ syncRequests: 'handleWebSocket', rpcTransports: false })
  expect(traitsOf('0.4.0-dev.8').syncRequests).toBe('getSyncRequestSearchParams')
  expect(traitsOf('0.4.0-dev.9')).toMatchObject({ syncRequests: 'matchSyncRequest', rpcTransports: true })
})
