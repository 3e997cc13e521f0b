import type { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Turns a driver's transaction context off while no transaction is open. The drivers find a
 * transaction's own queries by async context, and on Node 20 an AsyncLocalStorage, once used,
 * makes every promise in the process pay a hook from then on: about a fifth of a streamed run's
 * cost, though a stream opens no transaction. Disabled, it costs nothing; the next `run()`
 * enables it again. A continuation of a finished transaction then reads no store (or, once
 * re-enabled, its old one), and the drivers compare what they read with the transaction that is
 * open, so neither is taken for it.
 */
export function quiet(context: AsyncLocalStorage<unknown>): void {
  context.disable();
}
