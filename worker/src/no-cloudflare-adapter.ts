/**
 * Stands for `@livestore/adapter-cloudflare` in a worker built against a LiveStore without it
 * (before 0.4.0 here): the replica device is not applicable there, and a replica refuses to boot.
 */
export const createStoreDoPromise = (): never => {
  throw new Error('this LiveStore has no @livestore/adapter-cloudflare: the replica device is not applicable')
}
