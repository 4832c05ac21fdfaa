import { readFileSync } from 'node:fs'
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser'
import { repoPath } from '../paths.ts'

export interface WorkerConfig {
  compatibilityDate: string
  compatibilityFlags: string[]
  durableObjects: { name: string; className: string }[]
  vars: Record<string, string>
}

export const WRANGLER_CONFIG_PATH = repoPath('worker/wrangler.jsonc')

interface RawWranglerConfig {
  compatibility_date?: unknown
  compatibility_flags?: unknown
  durable_objects?: { bindings?: { name: string; class_name: string }[] }
  vars?: Record<string, string>
}

/** The parts of `worker/wrangler.jsonc` Miniflare needs: one source of truth for deploy and harness. */
export const readWorkerConfig = (path = WRANGLER_CONFIG_PATH): WorkerConfig => {
  const errors: ParseError[] = []
  const raw = parse(readFileSync(path, 'utf8'), errors, { allowTrailingComma: true }) as RawWranglerConfig
  const [firstError] = errors
  if (firstError !== undefined) {
    throw new Error(`${path}: ${printParseErrorCode(firstError.error)} at offset ${firstError.offset}`)
  }
  if (typeof raw.compatibility_date !== 'string') throw new Error(`${path}: compatibility_date is missing`)
  return {
    compatibilityDate: raw.compatibility_date,
    compatibilityFlags: Array.isArray(raw.compatibility_flags) ? raw.compatibility_flags.map(String) : [],
    durableObjects: (raw.durable_objects?.bindings ?? []).map((binding) => ({
      name: binding.name,
      className: binding.class_name,
    })),
    vars: raw.vars ?? {},
  }
}
