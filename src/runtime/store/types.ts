import type { ObjectKind } from '../domain/objects';

/**
 * A SQLite connection as its library gives it: synchronous, in process. Two implement it —
 * `node:sqlite` where the host Node has it (Node ≥ 22.13: code-server, current VS Code) and sql.js
 * (WASM) elsewhere — and both run the same schema and the same queries. The store reaches them
 * through `sqliteDriver` (the async SqlDriver every store driver offers).
 */
export interface SyncSqlDriver {
  readonly name: 'node-sqlite' | 'sql.js';
  run(sql: string, params?: SqlValue[]): { changes: number };
  get<T = Record<string, SqlValue>>(sql: string, params?: SqlValue[]): T | undefined;
  all<T = Record<string, SqlValue>>(sql: string, params?: SqlValue[]): T[];
  /** Runs fn inside BEGIN/COMMIT, rolling back if it throws. */
  transaction<T>(fn: () => T): T;
  /**
   * The outermost transaction of a caller whose body awaits (sqliteDriver.ts), opened and ended
   * through the driver so it knows one is open: sql.js cannot write a snapshot inside one.
   */
  begin(): void;
  commit(): void;
  rollback(): void;
  /**
   * Makes written data durable. `urgent` writes (anything a user authored) flush at once; others
   * may be batched. node:sqlite is durable per statement (WAL) and treats this as a no-op.
   */
  persist(urgent: boolean): void;
  /** Waits for any pending flush to finish. */
  flush(): Promise<void>;
  /**
   * Resolves once every urgent write persisted before the call is on disk (sql.js: a snapshot
   * holding it has been written; node:sqlite: at once). Unlike `flush`, later writes do not delay
   * it, so a request can wait for its own writes while runs and ingestion keep writing.
   */
  durable(): Promise<void>;
  close(): Promise<void>;
}

/** Reading and writing rows: what a driver and an open transaction both offer. */
export interface SqlQueries {
  run(sql: string, params?: SqlValue[]): Promise<{ changes: number }>;
  get<T = Record<string, SqlValue>>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  all<T = Record<string, SqlValue>>(sql: string, params?: SqlValue[]): Promise<T[]>;
}

/**
 * The store's database, whichever it is. Queries are asynchronous because a server database
 * (PostgreSQL) answers over a socket; the SQLite drivers answer at once. SQL is written once, in
 * SQLite's dialect with `?` placeholders (schema.ts); a driver for another database translates
 * what differs.
 */
export interface SqlDriver extends SqlQueries {
  readonly name: 'node-sqlite' | 'sql.js' | 'postgres';
  /**
   * True when several processes may use this database at once (PostgreSQL). A SQLite file has one
   * runtime: at start-up it settles every run left live, which on a shared database would fail
   * runs another instance is executing.
   */
  readonly shared: boolean;
  /**
   * Calls `onMessage` with every payload notified on `channel` by any instance on this database
   * (this one included) from now on; resolves, once listening, to a function that stops.
   * Channel names are lower-case letters and `_`.
   */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /** Tells every listener on `channel`; inside a transaction, once (and only if) it commits. */
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Runs fn in one transaction: every query made while fn runs (in its async context, however
   * deep) joins it, and other work's queries wait until it ends. Nested calls become savepoints.
   * fn must only do database work: the transaction holds the database (SQLite) or a connection
   * (PostgreSQL) until it returns.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` once the transaction this code runs in has committed (dropped if it rolls back), or
   * at once outside one; either way outside any transaction's context. Background work a
   * transaction sets off (indexing a file it attached) must see what it wrote, and must not join it.
   */
  afterCommit(fn: () => void): void;
  /** See SyncSqlDriver.persist: no-op where every commit is durable. */
  persist(urgent: boolean): void;
  flush(): Promise<void>;
  durable(): Promise<void>;
  close(): Promise<void>;
}

export type SqlValue = string | number | bigint | null | Uint8Array;

/** A page request, in the API's terms. */
export interface PageQuery {
  limit: number;
  order: 'asc' | 'desc';
  after?: string;
  before?: string;
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
}

/** Filters a list by the object's owner. */
export interface Scope {
  thread_id?: string;
  run_id?: string;
  /** The owner of things that belong to neither a thread nor a run (e.g. vector store files). */
  parent_id?: string;
}

/**
 * Overrides how soon a write is made durable. By default writes of user-authored kinds (assistant,
 * thread, message, file, vector store…) are urgent and run/step progress is batched; `{ urgent:
 * true }` lets the engine put a run's final update on disk at once. (Added to the original
 * interface: without it only a separate `driver.persist(true)` call could force that.)
 */
export interface WriteOptions {
  urgent?: boolean;
  /** For kinds keyed by their owner (see `get`): the owner, as given to `insert`. */
  scope?: Scope;
}

/**
 * Every API object is stored whole as JSON, with the columns it is looked up and paged by.
 * One table and one query set serve all kinds, so the Files and Vector Store APIs (#5) fit
 * without a new store.
 *
 * @example
 *   store.insert('message', msg, { thread_id: msg.thread_id, run_id: msg.run_id });
 *   const page = store.list<Message>('message', { thread_id }, { limit: 20, order: 'desc' });
 */
export interface ObjectStore {
  readonly driver: SqlDriver;
  insert<T extends { id: string; created_at: number }>(kind: ObjectKind, object: T, scope?: Scope, options?: WriteOptions): Promise<T>;
  /** Replaces the stored body; returns undefined if the object is gone. */
  update<T extends { id: string }>(kind: ObjectKind, object: T, options?: WriteOptions): Promise<T | undefined>;
  /**
   * Most ids are unique on their own. A `vector_store_file` has its File's id, and one File may be
   * in several stores, so that kind is keyed by its owner too: pass the `scope` it was inserted
   * with (`{ parent_id: vector_store_id }`) to get, update, delete, and list cursors.
   */
  get<T>(kind: ObjectKind, id: string, scope?: Scope): Promise<T | undefined>;
  /** Deletes the object and everything scoped to it (a thread's messages, runs and steps). */
  delete(kind: ObjectKind, id: string, scope?: Scope): Promise<boolean>;
  /** Pages by (created_at, id); `after`/`before` name an object id of the same list. */
  list<T>(kind: ObjectKind, scope: Scope, page: PageQuery): Promise<Page<T>>;
  /** The objects of a kind (within `scope`, else all) whose `status` is one of these, oldest first. */
  withStatus<T>(kind: ObjectKind, statuses: string[], scope?: Scope): Promise<T[]>;
  count(kind: ObjectKind, scope: Scope): Promise<number>;
  /** See SqlDriver.transaction: everything fn does through the store is one transaction. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
}
