/**
 * The SyncSqlDriver over sql.js (SQLite compiled to WASM), for hosts whose Node lacks node:sqlite.
 * The database lives in memory; `<dir>/tutor.sqlite` is a snapshot of it, replaced atomically
 * (temp file in the same folder, fsync, rename, fsync the folder): never a torn file.
 *
 * Crash window (kill -9): user-authored writes (`persist(true)`: assistants, threads, messages,
 * files, vector stores) are on disk once the immediate flush they schedule finishes; the API
 * answers a write only after `durable()` says so (runtime.ts), because under load (a 16 MB snapshot
 * while files are indexed) that flush took hundreds of milliseconds and a kill -9 in between lost
 * acknowledged messages and vector stores (test/reliability/crash.test.ts). Batched writes
 * (`persist(false)`: run and step progress) can lose up to about one second (MAX_DELAY_MS). The
 * engine forces an urgent flush when a run ends, so only a run in flight can roll back, and
 * start-up recovery settles those. A crash mid-write leaves the previous snapshot and a stray temp
 * file, which the next open deletes.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BindParams, Database, Statement } from 'sql.js';
import { snapshotTempFile, writeAtomically } from './atomicSnapshot';
import { DATABASE_FILE } from './nodeSqliteDriver';
import { outermostTransaction, runTransaction } from './sqliteTransactions';
import { loadSqlJs } from './sqlJsWasm';
import type { SyncSqlDriver, SqlValue } from './types';

/** A batched write waits this long for the writes that follow it… */
const DEBOUNCE_MS = 250;
/** …but never longer than this after the first unsaved write. */
const MAX_DELAY_MS = 1000;

const STATEMENT_CACHE_LIMIT = 256;

export interface SqlJsDriverOptions {
  /** Folder for tutor.sqlite (created if missing); omitted means in memory only. */
  dir?: string;
  /** Where sql-wasm.wasm is; the bundled extension passes its copy in dist/. */
  wasmPath?: string;
  logger?: (msg: string) => void;
  /** Told, synchronously, each time a snapshot starts being written: tests see when batching lets one go. */
  onSnapshot?: () => void;
}

/**
 * Opens `<dir>/tutor.sqlite` into memory with sql.js, or a fresh in-memory database. The schema is
 * not applied here; openDatabase does that for both drivers.
 *
 * @example
 *   const db = await openSqlJsDriver({ dir: '/tmp/tutor' });
 *   db.run('INSERT INTO objects …', [...]);
 *   db.persist(true); // on disk a few ms later
 *   await db.close();
 */
export async function openSqlJsDriver(options: SqlJsDriverOptions = {}): Promise<SyncSqlDriver> {
  const SQL = await loadSqlJs(options.wasmPath);
  if (!options.dir) return new SqlJsDriver(inMemoryJournal(new SQL.Database()), undefined, options.logger, options.onSnapshot);
  mkdirSync(options.dir, { recursive: true });
  const file = path.join(options.dir, DATABASE_FILE);
  // A temp file is only ever an unfinished snapshot (the rename is the commit); drop it.
  rmSync(snapshotTempFile(options.dir), { force: true });
  const db = existsSync(file) ? new SQL.Database(readFileSync(file)) : new SQL.Database();
  return new SqlJsDriver(inMemoryJournal(db), options.dir, options.logger, options.onSnapshot);
}

/**
 * SQLite's default journal is a file beside the database, here in Emscripten's in-memory
 * filesystem: creating, growing and deleting it was most of each write's cost. The disk only ever
 * holds snapshots taken between transactions, so the journal lives in SQLite's memory (ROLLBACK
 * still finds it), syncs to a filesystem with no disk behind it are skipped, and the one
 * connection keeps its lock (no looking for a hot journal at every transaction).
 */
function inMemoryJournal(db: Database): Database {
  db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY');
  return db;
}

class SqlJsDriver implements SyncSqlDriver {
  readonly name = 'sql.js' as const;
  private readonly statements = new Map<string, Statement>();
  private readonly tx = { depth: 0 };
  private closed = false;
  /** Writes made since the last snapshot started. */
  private dirty = false;
  /** When the oldest unsaved batched write happened, for the max delay. */
  private dirtySince: number | undefined;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  /** The pending timer is an urgent one, which no batched write may postpone. */
  private timerIsUrgent = false;
  private writing: Promise<void> | undefined;
  /** persist() calls so far, the last urgent one among them, and how many the disk holds. */
  private written = 0;
  private urgentUpTo = 0;
  private savedUpTo = 0;
  /** durable() callers, each waiting for a snapshot that holds its writes. */
  private readonly waiters: { upTo: number; resolve: () => void }[] = [];

  constructor(
    private readonly db: Database,
    private readonly dir: string | undefined,
    private readonly logger: ((msg: string) => void) | undefined,
    private readonly onSnapshot: (() => void) | undefined = undefined,
  ) {}

  run(sql: string, params: SqlValue[] = []): { changes: number } {
    this.withStatement(sql, params, (stmt) => {
      while (stmt.step()) {
        // Drain: a write reports nothing, a PRAGMA that returns a row is still applied.
      }
    });
    return { changes: this.db.getRowsModified() };
  }

  get<T = Record<string, SqlValue>>(sql: string, params: SqlValue[] = []): T | undefined {
    return this.withStatement(sql, params, (stmt) => (stmt.step() ? (stmt.getAsObject() as T) : undefined));
  }

  all<T = Record<string, SqlValue>>(sql: string, params: SqlValue[] = []): T[] {
    return this.withStatement(sql, params, (stmt) => {
      const rows: T[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject() as T);
      return rows;
    });
  }

  transaction<T>(fn: () => T): T {
    return runTransaction((sql) => this.db.exec(sql), this.tx, fn);
  }

  private readonly outer = outermostTransaction((sql) => this.db.exec(sql), this.tx);
  readonly begin = this.outer.begin;
  readonly commit = this.outer.commit;
  readonly rollback = this.outer.rollback;

  persist(urgent: boolean): void {
    if (!this.dir || this.closed) return;
    this.written++;
    if (urgent) this.urgentUpTo = this.written;
    this.dirty = true;
    if (this.timer !== undefined && this.timerIsUrgent) return;
    const now = Date.now();
    this.dirtySince ??= now;
    if (urgent) {
      // Next tick, so the rest of the current request's writes join this snapshot.
      this.schedule(0, true);
    } else {
      this.schedule(Math.max(0, Math.min(DEBOUNCE_MS, this.dirtySince + MAX_DELAY_MS - now)), false);
    }
  }

  async flush(): Promise<void> {
    while (this.dirty || this.writing) await this.writeSnapshot();
  }

  durable(): Promise<void> {
    // Only urgent writes are waited for: batched run progress may lag by design (recovery settles it),
    // and waiting for it held every streamed run's first events behind a snapshot.
    if (!this.dir || this.closed || this.savedUpTo >= this.urgentUpTo) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push({ upTo: this.urgentUpTo, resolve }));
    // Joins a snapshot in progress (its loop takes the new writes next) or starts one now.
    this.writeSnapshot().catch((err: unknown) => this.logger?.(`Tutor store: could not save ${DATABASE_FILE}: ${String(err)}`));
    return done;
  }

  /** Wakes the durable() callers whose writes are on disk, or all of them when saving failed. */
  private release(upTo: number): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i]!.upTo > upTo) continue;
      this.waiters[i]!.resolve();
      this.waiters.splice(i, 1);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      this.release(Infinity);
      this.cancelTimer();
      for (const stmt of this.statements.values()) stmt.free();
      this.statements.clear();
      this.db.close();
    }
  }

  private schedule(delayMs: number, urgent: boolean): void {
    this.cancelTimer();
    this.timerIsUrgent = urgent;
    const fire = () => {
      this.timer = undefined;
      this.writeSnapshot().catch((err: unknown) => this.logger?.(`Tutor store: could not save ${DATABASE_FILE}: ${String(err)}`));
    };
    this.timer = urgent ? setImmediate(fire) : setTimeout(fire, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = undefined;
  }

  /** Writes snapshots until nothing is unsaved; one at a time, later calls join the running one. */
  private writeSnapshot(): Promise<void> {
    if (this.writing) return this.writing;
    if (!this.dirty || !this.dir) return Promise.resolve();
    const dir = this.dir;
    this.cancelTimer();
    this.writing = (async () => {
      try {
        while (this.dirty) {
          // export() cannot run inside an open transaction; timers never fire inside one (it is
          // synchronous), but a flush() called from within one must wait for it to end.
          if (this.tx.depth > 0) await new Promise((resolve) => setImmediate(resolve));
          if (this.tx.depth > 0) continue;
          this.dirty = false;
          this.dirtySince = undefined;
          const upTo = this.written;
          this.onSnapshot?.();
          try {
            await writeAtomically(dir, this.db.export());
          } catch (err) {
            this.dirty = true;
            // A request must not hang on a full disk: it is answered, and the failure is logged.
            this.release(Infinity);
            throw err;
          }
          this.savedUpTo = upTo;
          this.release(upTo);
        }
      } finally {
        this.writing = undefined;
      }
    })();
    return this.writing;
  }

  private withStatement<R>(sql: string, params: SqlValue[], use: (stmt: Statement) => R): R {
    if (this.closed) throw new Error('The Tutor database is closed.');
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) {
        for (const old of this.statements.values()) old.free();
        this.statements.clear();
      }
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    try {
      // sql.js binds bigint too; its typings lag behind.
      stmt.bind(params as BindParams);
      return use(stmt);
    } finally {
      stmt.reset();
    }
  }
}
