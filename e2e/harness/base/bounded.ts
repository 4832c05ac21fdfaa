/** Resolves with `promise`, or with `fallback()` once `ms` have passed: nothing the harness awaits is unbounded. */
export const withTimeout = <A, B>(promise: Promise<A>, ms: number, fallback: () => B): Promise<A | B> => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<B>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
