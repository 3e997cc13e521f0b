/**
 * Notifications between the parts of one process, for databases only one process uses (SQLite):
 * the same listen/notify a shared database (PostgreSQL) offers across instances.
 */
export class LocalSignals {
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();

  listen(channel: string, onMessage: (payload: string) => void): () => Promise<void> {
    checkChannel(channel);
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    const own = (payload: string) => onMessage(payload);
    set.add(own);
    return async () => {
      set.delete(own);
    };
  }

  /** Delivers in a later task, as a database would: never inside the notifier's own call. */
  deliver(channel: string, payload: string): void {
    for (const fn of this.listeners.get(channel) ?? []) setImmediate(() => fn(payload));
  }
}

/** Channel names are spliced into LISTEN (PostgreSQL quotes none): only a-z and _ pass. */
export function checkChannel(channel: string): void {
  if (!/^[a-z_]{1,63}$/.test(channel)) throw new Error(`Not a channel name: '${channel}'.`);
}
