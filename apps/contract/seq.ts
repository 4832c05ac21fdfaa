/**
 * Event sequence numbers as the root-cause analysis writes them: `e54` for a global event,
 * `e53+1` for the first client-local event on top of e53, `r1` for its rebase generation.
 * One notation for every LiveStore version, so logs of two versions compare line by line.
 */
export interface SeqParts {
  global: number
  client?: number
  rebaseGeneration?: number
}

export const formatSeq = ({ global, client = 0, rebaseGeneration = 0 }: SeqParts): string =>
  `e${global}${client > 0 ? `+${client}` : ''}${rebaseGeneration > 0 ? `r${rebaseGeneration}` : ''}`

const SEQ = /^e(\d+)(?:[+.](\d+))?(?:r(\d+))?$/

/** Parses `e53+1r1` and LiveStore 0.4's own `e53.1r1`; `undefined` for anything else. */
export const parseSeq = (text: string): Required<SeqParts> | undefined => {
  const match = SEQ.exec(text)
  if (match === null) return undefined
  return {
    global: Number(match[1]),
    client: match[2] === undefined ? 0 : Number(match[2]),
    rebaseGeneration: match[3] === undefined ? 0 : Number(match[3]),
  }
}

/** A batch's sequence numbers as one short string: `e54` or `e53+1r1..e53+3r1`. */
export const formatSeqRange = (seqs: readonly SeqParts[]): string => {
  const first = seqs[0]
  const last = seqs.at(-1)
  if (first === undefined || last === undefined) return ''
  return seqs.length === 1 ? formatSeq(first) : `${formatSeq(first)}..${formatSeq(last)}`
}

export const compareSeq = (a: Required<SeqParts>, b: Required<SeqParts>): number =>
  a.global - b.global || a.client - b.client || a.rebaseGeneration - b.rebaseGeneration

/** `e53+1r1..e53+3r1` or `e54` → its first and last sequence numbers; `undefined` for anything else. */
export const parseSeqRange = (text: string): [Required<SeqParts>, Required<SeqParts>] | undefined => {
  const [firstText = '', lastText = firstText] = text.split('..')
  const first = parseSeq(firstText)
  const last = parseSeq(lastText)
  return first === undefined || last === undefined ? undefined : [first, last]
}
