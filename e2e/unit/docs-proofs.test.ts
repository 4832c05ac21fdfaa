import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { repoPath } from '../harness/paths.ts'

/** The README quotes the proofs `npm run prove` wrote (docs/proofs/): their outcome and before/after rows, never typed. */
const PROOFS = repoPath('docs/proofs')

for (const file of readdirSync(PROOFS).filter((name) => name.endsWith('.md'))) {
  test(`the README quotes ${file} as the run wrote it`, () => {
    const [heading = '', ...lines] = readFileSync(join(PROOFS, file), 'utf8').split('\n')
    const readme = readFileSync(repoPath('README.md'), 'utf8')
    expect(readme).toContain(`**${heading.replace(/^## /, '')}**`)
    for (const row of lines.filter((line) => line.startsWith('| ')).slice(0, 4)) expect(readme).toContain(row)
  })
}
