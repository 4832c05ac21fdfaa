import { createRequire } from 'node:module'
import type TypeScript from 'typescript'
import type { Locator } from './types.ts'

/**
 * Finds a tracepoint's place by the code's structure, when its exact anchor no longer occurs once:
 * a fix rewrites the arguments of a call or the comment above it, rarely the call itself or the
 * function it sits in. The module is parsed with TypeScript's parser (JavaScript as it is built).
 */

const require = createRequire(import.meta.url)
let loaded: typeof TypeScript | undefined
/** The parser, loaded on first use: every test process imports this module, and few runs parse. */
const typescript = (): typeof TypeScript => {
  loaded ??= require('typescript') as typeof TypeScript
  return loaded
}

const normalized = (text: string) => text.replace(/\s+/g, '')

/** The names a node is known by: a declared function, or the variable or property it is assigned to. */
const declaredName = (node: TypeScript.Node): string | undefined => {
  if (
    (typescript().isFunctionDeclaration(node) ||
      typescript().isVariableDeclaration(node) ||
      typescript().isPropertyAssignment(node) ||
      typescript().isMethodDeclaration(node)) &&
    node.name !== undefined &&
    typescript().isIdentifier(node.name)
  ) {
    return node.name.text
  }
  return undefined
}

const isWithin = (node: TypeScript.Node, name: string | undefined): boolean => {
  if (name === undefined) return true
  for (let parent = node.parent; parent !== undefined; parent = parent.parent) {
    if (declaredName(parent) === name) return true
  }
  return false
}

/** The statement a node is part of (its own, for a statement). */
const statementOf = (node: TypeScript.Node): TypeScript.Node => {
  let current = node
  while (!typescript().isStatement(current) && current.parent !== undefined) current = current.parent
  return current
}

/** Right after the `{` of the first block a node opens: an `if`'s, a `case`'s, or a callback's body. */
const firstBlockStart = (node: TypeScript.Node): number | undefined => {
  if (typescript().isBlock(node)) return node.getStart() + 1
  for (const child of node.getChildren()) {
    const start = firstBlockStart(child)
    if (start !== undefined) return start
  }
  return undefined
}

const matches = (node: TypeScript.Node, locator: Locator): boolean => {
  if ('call' in locator) {
    if (!typescript().isCallExpression(node) || normalized(node.expression.getText()) !== normalized(locator.call))
      return false
    const [first] = node.arguments
    return locator.argument === undefined || first?.getText().startsWith(locator.argument) === true
  }
  if ('if' in locator)
    return typescript().isIfStatement(node) && normalized(node.expression.getText()) === normalized(locator.if)
  return typescript().isCaseClause(node) && normalized(node.expression.getText()) === normalized(locator.case)
}

const positionOf = (node: TypeScript.Node, at: Locator['at']): number | undefined => {
  switch (at) {
    case 'before':
      return statementOf(node).getStart()
    case 'after':
      return statementOf(node).getEnd()
    case 'after-call':
      return node.getEnd()
    case 'body-start':
      return typescript().isCallExpression(node)
        ? node.arguments.map(firstBlockStart).find((start) => start !== undefined)
        : firstBlockStart(typescript().isIfStatement(node) ? node.thenStatement : node)
  }
}

export const parseModule = (source: string): TypeScript.SourceFile =>
  typescript().createSourceFile('module.js', source, typescript().ScriptTarget.Latest, true, typescript().ScriptKind.JS)

/** Every position the locator points at in the module (one, for a locator that still fits). */
export const locate = (file: TypeScript.SourceFile, locator: Locator): number[] => {
  const found: number[] = []
  const visit = (node: TypeScript.Node) => {
    if (matches(node, locator) && isWithin(node, locator.within)) {
      const at = positionOf(node, locator.at)
      if (at !== undefined) found.push(at)
    }
    typescript().forEachChild(node, visit)
  }
  visit(file)
  return found
}
