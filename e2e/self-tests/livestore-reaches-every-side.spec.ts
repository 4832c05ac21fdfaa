import { test as base, expect, type LivestoreTarget, markedByPatch, markedTree } from '../harness/test.ts'

/**
 * The LiveStore under test is the one that runs, on every side: a fix tried with `--patch`, or in
 * a local tree, must not be judged on the repository's own copy.
 *
 * Timeline: the app and the worker are built against a LiveStore whose `@livestore/common` and
 * `@livestore/sync-cf` log a marker line; the app boots on a seeded store and a priority change
 * makes its round trip. Then the page, the leader worker and the backend must each have logged
 * the markers of the packages they run, and the verdict must name that LiveStore.
 */
const SIDES = [
  { process: 'page', packages: ['@livestore/common'] },
  { process: 'leader-worker', packages: ['@livestore/common', '@livestore/sync-cf'] },
  { process: 'backend', packages: ['@livestore/common', '@livestore/sync-cf'] },
] as const

const marked = [
  { how: 'a patch to a published version (--patch)', target: markedByPatch, label: /^0\.4\.0\+livestore-marker/ },
  { how: 'a local tree laid out as upstream builds it (--livestore <path>)', target: markedTree, label: /^local:/ },
]

for (const { how, target, label } of marked) {
  const test = base.extend<object, { target: LivestoreTarget }>({
    target: [async ({}, use) => use(await target()), { scope: 'worker', timeout: 120_000 }],
  })

  test(`the page, the leader worker and the backend run ${how}`, async ({ app, logs, follow, livestoreUnderTest }) => {
    const verdict = await follow(await app.changePriority(4, 'High'))
    expect(verdict).toHaveDrained()
    const marks = logs.tmpLines().filter((line) => line.source === 'marker')
    for (const side of SIDES) {
      const seen = new Set(marks.filter((line) => line.process === side.process).map((line) => line.fields.package))
      expect([...seen].sort(), `${side.process} ran the marked packages`).toEqual([...side.packages])
    }
    expect(livestoreUnderTest.label).toMatch(label)
  })
}
