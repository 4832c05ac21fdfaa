import ts from 'typescript'
import type { Locator } from './types.ts'

/**
 * Finds a tracepoint's place by the code's structure, when its exact anchor no longer occurs once:
 * a fix rewrites the arguments of a call or the comment above it, rarely the call itself or the
 * function it sits in. The module is parsed with TypeScript's parser (JavaScript as it is built).
 */

const normalized = (text: string) => text.replace(/\s+/g, '')

/** The names a node is known by: a declared function, or the variable or property it is assigned to. */
const declaredName = (node: ts.Node): string | undefined => {
  if (
    (ts.isFunctionDeclaration(node) ||
      ts.isVariableDeclaration(node) ||
      ts.isPropertyAssignment(node) ||
      ts.isMethodDeclaration(node)) &&
    node.name !== undefined &&
    ts.isIdentifier(node.name)
  ) {
    return node.name.text
  }
  return undefined
}

const isWithin = (node: ts.Node, name: string | undefined): boolean => {
  if (name === undefined) return true
  for (let parent = node.parent; parent !== undefined; parent = parent.parent) {
    if (declaredName(parent) === name) return true
  }
  return false
}

/** The statement a node is part of (its own, for a statement). */
const statementOf = (node: ts.Node): ts.Node => {
  let current = node
  while (!ts.isStatement(current) && current.parent !== undefined) current = current.parent
  return current
}

/** Right after the `{` of the first block a node opens: an `if`'s, a `case`'s, or a callback's body. */
const firstBlockStart = (node: ts.Node): number | undefined => {
  if (ts.isBlock(node)) return node.getStart() + 1
  for (const child of node.getChildren()) {
    const start = firstBlockStart(child)
    if (start !== undefined) return start
  }
  return undefined
}

const matches = (node: ts.Node, locator: Locator): boolean => {
  if ('call' in locator) {
    if (!ts.isCallExpression(node) || normalized(node.expression.getText()) !== normalized(locator.call)) return false
    const [first] = node.arguments
    return locator.argument === undefined || first?.getText().startsWith(locator.argument) === true
  }
  if ('if' in locator) return ts.isIfStatement(node) && normalized(node.expression.getText()) === normalized(locator.if)
  return ts.isCaseClause(node) && normalized(node.expression.getText()) === normalized(locator.case)
}

const positionOf = (node: ts.Node, at: Locator['at']): number | undefined => {
  switch (at) {
    case 'before':
      return statementOf(node).getStart()
    case 'after':
      return statementOf(node).getEnd()
    case 'after-call':
      return node.getEnd()
    case 'body-start':
      return ts.isCallExpression(node)
        ? node.arguments.map(firstBlockStart).find((start) => start !== undefined)
        : firstBlockStart(ts.isIfStatement(node) ? node.thenStatement : node)
  }
}

export const parseModule = (source: string): ts.SourceFile =>
  ts.createSourceFile('module.js', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)

/** Every position the locator points at in the module (one, for a locator that still fits). */
export const locate = (file: ts.SourceFile, locator: Locator): number[] => {
  const found: number[] = []
  const visit = (node: ts.Node) => {
    if (matches(node, locator) && isWithin(node, locator.within)) {
      const at = positionOf(node, locator.at)
      if (at !== undefined) found.push(at)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}
