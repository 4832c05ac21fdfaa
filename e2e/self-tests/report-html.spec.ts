import { expect, reportTest as test } from '../harness/test.ts'

/**
 * The bundle's report.html, built from a recorded family B stall the way `npm run report` builds
 * it from someone else's artifacts, opened from disk in a real browser: the verdict on top, a lane
 * per process, the filters, the fields of a clicked mark, and not one console error.
 */
test('report.html of a recorded stall opens from disk and shows the verdict, the lanes and the filters', async ({
  page,
  recordedReport,
}) => {
  const report = await recordedReport('family-b-empty-final-page-0.4.0-dev.22')
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) problems.push(`network: ${request.url()}`)
  })

  await page.goto(report)
  const header = page.locator('#verdict')
  await expect(header.locator('h1')).toHaveText('✗ stalled at leader-advanced — family B')
  await expect(header).toContainText('issue 7 priority → Urgent')
  await expect(header).toContainText('family B, pull precedence')
  await expect(header.locator('.stage.missed')).toHaveText(/leader-advanced/)
  await expect(header.locator('.stuck')).toContainText('push e55..e55 → advance')

  const lanes = page.locator('#timeline g[data-lane]')
  await expect(lanes).toHaveCount(4)
  expect(await lanes.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-lane')))).toEqual([
    'harness',
    'page',
    'leader-worker',
    'backend',
  ])
  await expect(page.locator('#timeline .stage-label.missed')).toHaveText('never: leader-advanced')
  await expect(page.locator('#timeline path.pending')).toHaveCount(2)

  // The lane filter hides a lane, the name filter keeps only the marks whose name matches.
  await page.locator('#lane-filter input[data-lane="backend"]').uncheck()
  await expect(lanes).toHaveCount(3)
  await page.locator('#name-filter').fill('latch')
  const marks = page.locator('#timeline circle.mark')
  const names = await marks.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-name') ?? ''))
  expect(names.length).toBeGreaterThan(0)
  expect(names.filter((name) => !/latch/i.test(name))).toEqual([])

  // One click on the stuck push: the timeline zooms to it and shows what settled it (nothing).
  await header.locator('.stuck button').first().click()
  await expect(page.locator('#details')).toContainText('never settled')
  await page.locator('#name-filter').fill('push:recv')
  await page.locator('#timeline circle.mark.followed').first().click()
  await expect(page.locator('#details')).toContainText('"first": "e55"')

  await page.mouse.move(400, 300)
  await page.locator('#zoom-in').click()
  await page.locator('#zoom-all').click()
  expect(problems).toEqual([])
})
