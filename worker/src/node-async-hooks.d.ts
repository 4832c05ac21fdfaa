// workerd provides node:async_hooks under `nodejs_compat`; @cloudflare/workers-types does not declare it
// and @types/node would bring Node's globals into the worker. The part this worker uses:
declare module 'node:async_hooks' {
  export class AsyncLocalStorage<T> {
    getStore(): T | undefined
    run<R>(store: T, callback: () => R): R
  }
}
