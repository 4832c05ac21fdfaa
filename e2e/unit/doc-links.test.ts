import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { expect, test } from '@playwright/test'
import { REPO_ROOT, repoPath } from '../harness/paths.ts'

/** The docs name files and sections of the tree: a move or a rename must not leave them pointing nowhere. */
const DOCS = [
  repoPath('README.md'),
  ...readdirSync(repoPath('docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => repoPath(`docs/${name}`)),
]

const REPO_PATH = /^(e2e|apps|worker|fixtures|fixes|docs|\.ci|\.github)\/\S*$/
/** `<name>`, globs, `{a,b}` and elisions stand for many files, not one. */
const PLACEHOLDER = /[<>*{}…]/
const FENCE = /^```[^\n]*\n([\s\S]*?)^```/gm

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')

const anchorsOf = (file: string) =>
  new Set(
    readFileSync(file, 'utf8')
      .replace(FENCE, '')
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => anchor(line.replace(/^#+ /, ''))),
  )

for (const doc of DOCS) {
  const name = relative(REPO_ROOT, doc)
  const text = readFileSync(doc, 'utf8')
  const prose = text.replace(FENCE, '')

  test(`${name}: every relative link points at a file (and heading) that exists`, () => {
    const links = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string)
    for (const link of links.filter((target) => !/^[a-z]+:/.test(target))) {
      const [path = '', hash] = link.split('#')
      const target = path === '' ? doc : join(dirname(doc), path)
      expect(existsSync(target), `${name} links to ${link}`).toBe(true)
      if (hash !== undefined) expect(anchorsOf(target), `${name} links to ${link}`).toContain(hash)
    }
  })

  test(`${name}: every repository path it names exists`, () => {
    // Inline code is a path when it is nothing else; in code blocks (sample output, the tree) any word can be one.
    const spans = [...prose.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string)
    const blockWords = [...text.matchAll(FENCE)].flatMap((match) => (match[1] as string).split(/\s+/))
    const paths = [...spans, ...blockWords.map((word) => word.replace(/[,.:;]+$/, ''))].filter(
      (candidate) => REPO_PATH.test(candidate) && !PLACEHOLDER.test(candidate),
    )
    for (const path of paths) expect(existsSync(repoPath(path)), `${name} names ${path}`).toBe(true)
  })
}
