import { AsyncLocalStorage } from 'node:async_hooks';
import { quiet } from './asyncContext';
import { LocalSignals } from './localSignals';
import type { SqlDriver, SqlValue, SyncSqlDriver } from './types';

/**
 * The async SqlDriver over a synchronous SQLite connection. SQLite has one writer and the
 * connection is in this process, so each query runs at once; the one thing to get right is
 * transactions whose body awaits. While one is open, its own queries (found by async context, so
 * code it calls needs no handle) run inside it and everyone else's wait for its end: otherwise a
 * request's write would land inside another's BEGIN and be rolled back with it.
 *
 * @example
 *   const db = sqliteDriver(openNodeSqliteDriver({ dir }));
 *   await db.transaction(async () => { await db.run('INSERT …', [1]); await db.run('UPDATE …'); });
 */
export function sqliteDriver(sync: SyncSqlDriver): SqlDriver {
  return new SqliteDriver(sync);
}

/** An open transaction: its identity (the async context carries it), how deep savepoints go, and what waits for its commit. */
interface OpenTransaction {
  depth: number;
  committed: { depth: number; fn: () => void }[];
}

class SqliteDriver implements SqlDriver {
  private readonly context = new AsyncLocalStorage<OpenTransaction>();
  private open: OpenTransaction | undefined;
  /** Settles when the open transaction ends; the queries and transactions waiting for it chain on it. */
  private ended: Promise<void> = Promise.resolve();
  private readonly signals = new LocalSignals();
  /** One process owns a SQLite file. */
  readonly shared = false;

  constructor(private readonly sync: SyncSqlDriver) {}

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    return this.signals.listen(channel, onMessage);
  }

  async notify(channel: string, payload: string): Promise<void> {
    this.afterCommit(() => this.signals.deliver(channel, payload));
  }

  get name(): SyncSqlDriver['name'] {
    return this.sync.name;
  }

  async run(sql: string, params?: SqlValue[]): Promise<{ changes: number }> {
    if (this.mustWait()) await this.turn();
    return this.sync.run(sql, params);
  }

  async get<T = Record<string, SqlValue>>(sql: string, params?: SqlValue[]): Promise<T | undefined> {
    if (this.mustWait()) await this.turn();
    return this.sync.get<T>(sql, params);
  }

  async all<T = Record<string, SqlValue>>(sql: string, params?: SqlValue[]): Promise<T[]> {
    if (this.mustWait()) await this.turn();
    return this.sync.all<T>(sql, params);
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const mine = this.context.getStore();
    if (mine && mine === this.open) return this.savepoint(mine, fn);
    // Opened at once when nothing is open (no await in between), else after the open one ends.
    while (this.open) await this.ended;
    const tx: OpenTransaction = { depth: 0, committed: [] };
    let end!: () => void;
    this.open = tx;
    this.ended = new Promise((resolve) => (end = resolve));
    let result: T;
    try {
      result = await this.context.run(tx, async () => {
        this.sync.begin();
        try {
          const value = await fn();
          this.sync.commit();
          return value;
        } catch (err) {
          rollback(() => this.sync.rollback());
          throw err;
        }
      });
    } finally {
      this.open = undefined;
      quiet(this.context);
      end();
    }
    this.context.exit(() => {
      for (const { fn: after } of tx.committed) after();
    });
    return result;
  }

  afterCommit(fn: () => void): void {
    const mine = this.context.getStore();
    if (mine && mine === this.open) mine.committed.push({ depth: mine.depth, fn });
    else this.context.exit(fn);
  }

  persist(urgent: boolean): void {
    this.sync.persist(urgent);
  }

  flush(): Promise<void> {
    return this.sync.flush();
  }

  durable(): Promise<void> {
    return this.sync.durable();
  }

  async close(): Promise<void> {
    await this.turn();
    await this.sync.close();
  }

  /** True when a transaction is open and this query is not part of it. */
  private mustWait(): boolean {
    return this.open !== undefined && this.context.getStore() !== this.open;
  }

  /** Waits until no transaction is open (several waiters may be released by one end: re-check). */
  private async turn(): Promise<void> {
    while (this.open) await this.ended;
  }

  private async savepoint<T>(tx: OpenTransaction, fn: () => Promise<T>): Promise<T> {
    const name = `tutor_${tx.depth++}`;
    this.sync.run(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      this.sync.run(`RELEASE ${name}`);
      return result;
    } catch (err) {
      rollback(() => {
        this.sync.run(`ROLLBACK TO ${name}`);
        this.sync.run(`RELEASE ${name}`);
      });
      // What the rolled-back part asked to run after commit goes with it.
      tx.committed = tx.committed.filter((c) => c.depth < tx.depth);
      throw err;
    } finally {
      tx.depth--;
    }
  }
}

/** Undoes what it can; SQLite may already have rolled back (a full disk), and the first error matters more. */
function rollback(undo: () => void): void {
  try {
    undo();
  } catch {
    // see above
  }
}
