/**
 * Console text without `%c` styling. LiveStore's own logs pass CSS as extra arguments; CDP hands
 * us the arguments one by one, so formatting them here drops the CSS and fills `%s`-style holes.
 */
export interface ConsoleArg {
  type: string
  value?: unknown
  description?: string
}

const argText = (arg: ConsoleArg): string => {
  if (arg.type === 'string') return String(arg.value)
  if ('value' in arg && arg.value !== undefined)
    return typeof arg.value === 'object' ? JSON.stringify(arg.value) : String(arg.value)
  return arg.description ?? arg.type
}

export const formatConsoleArgs = (args: readonly ConsoleArg[]): string => {
  const [first, ...rest] = args
  if (first === undefined) return ''
  if (first.type !== 'string') return args.map(argText).join(' ')
  const remaining = [...rest]
  const head = String(first.value).replace(/%([csdifoO%])/g, (token, kind: string) => {
    if (kind === '%') return '%'
    const arg = remaining.shift()
    if (arg === undefined) return token
    return kind === 'c' ? '' : argText(arg)
  })
  return [head, ...remaining.map(argText)].join(' ').trim()
}

/** For text already joined by the browser (Playwright's `msg.text()`): drop `%c` and the CSS arguments after it. */
export const stripConsoleStyling = (text: string): string => {
  const markers = text.match(/%c/g)?.length ?? 0
  if (markers === 0) return text
  let result = text.replace(/%c/g, '')
  for (let index = 0; index < markers; index++) {
    result = result.replace(/\s(?:[a-z-]+\s*:\s*[^;]*;?\s*)+$/i, '').replace(/\s+$/, '')
  }
  return result.trim()
}
