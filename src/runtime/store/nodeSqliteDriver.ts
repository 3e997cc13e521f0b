/**
 * The SyncSqlDriver over Node's built-in `node:sqlite` (Node ≥ 22.13 without a flag; code-server and
 * current VS Code hosts have it).
 *
 * Crash window: none for committed data on a process crash (kill -9). The file runs in WAL mode
 * with synchronous=NORMAL, so every committed statement is in the WAL before the call returns and
 * SQLite replays it on the next open. Only a power loss or OS crash can drop the last few
 * transactions (NORMAL syncs at checkpoints, not per commit); the database stays consistent either
 * way. `persist()` therefore has nothing to do.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type * as NodeSqlite from 'node:sqlite';
import { outermostTransaction, runTransaction } from './sqliteTransactions';
import type { SyncSqlDriver, SqlValue } from './types';

type NodeSqliteModule = typeof NodeSqlite;

/** The database file in a data folder; the sql.js driver uses the same name. */
export const DATABASE_FILE = 'tutor.sqlite';

/** How long a write waits for another connection's lock (another window on the same folder). */
const BUSY_TIMEOUT_MS = 5000;

/** Prepared statements kept per connection; the store's query set is small and fixed. */
const STATEMENT_CACHE_LIMIT = 256;

/**
 * `node:sqlite` if this Node has it. Loaded at run time, not imported, so Node 20 and bundlers
 * that don't know the module still load this file.
 *
 * @example
 *   if (loadNodeSqlite()) console.log('node:sqlite is available');
 */
export function loadNodeSqlite(): NodeSqliteModule | undefined {
  try {
    const mod = process.getBuiltinModule?.('node:sqlite') as NodeSqliteModule | undefined;
    return typeof mod?.DatabaseSync === 'function' ? mod : undefined;
  } catch {
    // Nodes that gate the module behind --experimental-sqlite may throw rather than return.
    return undefined;
  }
}

export interface NodeSqliteDriverOptions {
  /** Folder for tutor.sqlite (created if missing); omitted means in memory. */
  dir?: string;
}

/**
 * Opens `<dir>/tutor.sqlite` (or an in-memory database) with node:sqlite. The schema is not
 * applied here; openDatabase does that for both drivers.
 *
 * @example
 *   const db = openNodeSqliteDriver({ dir: '/tmp/tutor' });
 *   db.run('CREATE TABLE t (x)');
 */
export function openNodeSqliteDriver(options: NodeSqliteDriverOptions = {}): SyncSqlDriver {
  const sqlite = loadNodeSqlite();
  if (!sqlite) throw new Error(`node:sqlite is not available in Node ${process.versions.node}.`);
  let location = ':memory:';
  if (options.dir) {
    mkdirSync(options.dir, { recursive: true });
    location = path.join(options.dir, DATABASE_FILE);
  }
  const db = new sqlite.DatabaseSync(location);
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
  } catch (err) {
    db.close();
    throw err;
  }
  return new NodeSqliteDriver(db);
}

class NodeSqliteDriver implements SyncSqlDriver {
  readonly name = 'node-sqlite' as const;
  private readonly statements = new Map<string, NodeSqlite.StatementSync>();
  private readonly tx = { depth: 0 };
  private closed = false;

  constructor(private readonly db: NodeSqlite.DatabaseSync) {}

  run(sql: string, params: SqlValue[] = []): { changes: number } {
    const result = this.statement(sql).run(...params);
    return { changes: Number(result.changes) };
  }

  get<T = Record<string, SqlValue>>(sql: string, params: SqlValue[] = []): T | undefined {
    const row = this.statement(sql).get(...params);
    return row === undefined ? undefined : (plain(row) as T);
  }

  all<T = Record<string, SqlValue>>(sql: string, params: SqlValue[] = []): T[] {
    return this.statement(sql).all(...params).map((row) => plain(row) as T);
  }

  transaction<T>(fn: () => T): T {
    return runTransaction((sql) => this.db.exec(sql), this.tx, fn);
  }

  private readonly outer = outermostTransaction((sql) => this.db.exec(sql), this.tx);
  readonly begin = this.outer.begin;
  readonly commit = this.outer.commit;
  readonly rollback = this.outer.rollback;

  persist(_urgent: boolean): void {
    // Durable per statement (see the top of this file).
  }

  async flush(): Promise<void> {}

  async durable(): Promise<void> {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }

  private statement(sql: string): NodeSqlite.StatementSync {
    if (this.closed) throw new Error('The Tutor database is closed.');
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}

/** node:sqlite rows have a null prototype; callers expect ordinary objects (deepEqual, `in`, spread). */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  return { ...row };
}
