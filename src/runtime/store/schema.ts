import type { ObjectKind } from '../domain/objects';
import type { Scope, SqlValue, SyncSqlDriver } from './types';

/**
 * The one schema and the one query set of the store. Both drivers run exactly these strings, so a
 * query that works on one works on the other. Column names in built queries come only from the
 * fixed lists below, never from callers, so no caller text reaches SQL except as a bound value.
 */

/** The schema version this code writes, kept in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 3;

/**
 * Migrations by the version they lead to. Each runs in its own transaction with the version bump,
 * so a crash mid-migration leaves the previous version intact. To change the schema, append a
 * version here and raise SCHEMA_VERSION; never edit a shipped step.
 */
export const MIGRATIONS: Record<number, readonly string[]> = {
  1: [
    `CREATE TABLE objects (
      kind TEXT NOT NULL,
      id TEXT PRIMARY KEY NOT NULL,
      thread_id TEXT,
      run_id TEXT,
      parent_id TEXT,
      created_at INTEGER NOT NULL,
      status TEXT,
      body TEXT NOT NULL
    )`,
    // Paging walks (created_at, id) inside one owner; each index matches one Scope column, and the
    // unscoped one serves top-level lists such as assistants.
    'CREATE INDEX objects_by_kind ON objects (kind, created_at, id)',
    'CREATE INDEX objects_by_thread ON objects (kind, thread_id, created_at, id)',
    'CREATE INDEX objects_by_run ON objects (kind, run_id, created_at, id)',
    'CREATE INDEX objects_by_parent ON objects (kind, parent_id, created_at, id)',
    // Start-up recovery asks for runs and messages left in a live status.
    'CREATE INDEX objects_by_status ON objects (kind, status)',
    // Cascading deletes match on the owner alone, whatever the kind.
    'CREATE INDEX objects_thread_id ON objects (thread_id) WHERE thread_id IS NOT NULL',
    'CREATE INDEX objects_parent_id ON objects (parent_id) WHERE parent_id IS NOT NULL',
  ],
  // File search's chunks (src/runtime/fileSearch/chunkIndex.ts): one row per chunk of a file in a
  // vector store, so search works after a restart without re-reading any file. Offsets point into
  // the file's extracted text; `embedding` is a little-endian float32 vector, NULL when the provider
  // had no embeddings. AUTOINCREMENT keeps ids of deleted chunks from being handed out again: the
  // in-memory BM25 index knows chunks by id. The UNIQUE index serves every lookup (by store, by
  // store and file) as well as keeping a file's chunks in order.
  2: [
    `CREATE TABLE chunks (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      vector_store_id TEXT NOT NULL,
      file_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      filename TEXT NOT NULL,
      text TEXT NOT NULL,
      char_start INTEGER NOT NULL,
      char_end INTEGER NOT NULL,
      embedding BLOB,
      UNIQUE (vector_store_id, file_id, seq)
    )`,
  ],
  // Several instances on one database (src/runtime/store/leases.ts). Work being done (a run being
  // executed, a file being indexed) has a lease: the instance doing it and until when (epoch ms),
  // renewed by that instance's heartbeat; a lease left to expire means the instance died, and
  // another settles the work.
  // python_sessions says which instance holds a thread's Python session, so a thread that moves
  // to another instance is told its session is new. file_chunks holds uploaded files' bytes where
  // every instance can read them (PostgreSQL; SQLite keeps them in the data folder).
  3: [
    `CREATE TABLE leases (
      work_id TEXT PRIMARY KEY NOT NULL,
      instance TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    )`,
    'CREATE INDEX leases_by_instance ON leases (instance)',
    `CREATE TABLE python_sessions (
      thread_id TEXT PRIMARY KEY NOT NULL,
      instance TEXT NOT NULL
    )`,
    `CREATE TABLE file_chunks (
      file_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (file_id, seq)
    )`,
  ],
};

/**
 * Brings the database up to SCHEMA_VERSION. Returns true if it wrote anything (the caller then
 * persists). Refuses a database written by a newer schema rather than guess at its shape.
 *
 * @example
 *   if (applySchema(driver)) driver.persist(true);
 */
export function applySchema(driver: SyncSqlDriver): boolean {
  const current = Number(driver.get<{ user_version: number }>('PRAGMA user_version')?.user_version ?? 0);
  if (current > SCHEMA_VERSION) {
    throw new Error(`The Tutor database has schema version ${current}, newer than this version of Tutor understands (${SCHEMA_VERSION}).`);
  }
  for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
    const steps = MIGRATIONS[version];
    if (!steps) throw new Error(`No migration to schema version ${version}.`);
    driver.transaction(() => {
      for (const sql of steps) driver.run(sql);
      // PRAGMA takes no bound parameters; `version` is our own integer.
      driver.run(`PRAGMA user_version = ${version}`);
    });
  }
  return current < SCHEMA_VERSION;
}

/** The Scope columns, in the order built queries bind them. */
const SCOPE_COLUMNS = ['thread_id', 'run_id', 'parent_id'] as const;

export const SQL = {
  insert: 'INSERT INTO objects (kind, id, thread_id, run_id, parent_id, created_at, status, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  update: 'UPDATE objects SET body = ?, status = ? WHERE kind = ? AND id = ?',
  get: 'SELECT body FROM objects WHERE kind = ? AND id = ?',
  delete: 'DELETE FROM objects WHERE kind = ? AND id = ?',
  deleteByThread: 'DELETE FROM objects WHERE thread_id = ?',
  // Only steps: messages a run wrote carry its run_id too, but they belong to the thread.
  deleteStepsOfRun: "DELETE FROM objects WHERE kind = 'run_step' AND run_id = ?",
  deleteByParent: 'DELETE FROM objects WHERE parent_id = ?',
} as const;

/** The chunk index's queries (migration 2's table). */
export const CHUNK_SQL = {
  // The text is bound as UTF-8 bytes and cast to TEXT: sql.js copies a byte array into WASM memory
  // in one go but converts a string through a JavaScript array of bytes, which made inserting 1,000
  // chunks twice as slow. Stored and read back as TEXT either way; node:sqlite does not care.
  insert: 'INSERT INTO chunks (vector_store_id, file_id, seq, filename, text, char_start, char_end, embedding) VALUES (?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?)',
  idsOfFile: 'SELECT id, seq FROM chunks WHERE vector_store_id = ? AND file_id = ? ORDER BY seq',
  deleteFile: 'DELETE FROM chunks WHERE vector_store_id = ? AND file_id = ?',
  setEmbedding: 'UPDATE chunks SET embedding = ? WHERE id = ?',
  deleteStore: 'DELETE FROM chunks WHERE vector_store_id = ?',
  loadStore: 'SELECT id, vector_store_id, file_id, seq, filename, text, char_start, char_end, embedding FROM chunks WHERE vector_store_id = ? ORDER BY file_id, seq',
} as const;

/** Leases (migration 3): which instance does a piece of work, until when. */
export const LEASE_SQL = {
  claim: 'INSERT INTO leases (work_id, instance, expires_at) VALUES (?, ?, ?) ON CONFLICT (work_id) DO UPDATE SET instance = excluded.instance, expires_at = excluded.expires_at',
  release: 'DELETE FROM leases WHERE work_id = ?',
  releaseExpired: 'DELETE FROM leases WHERE work_id = ? AND expires_at < ?',
  handBack: 'UPDATE leases SET expires_at = 0 WHERE work_id = ? AND instance = ?',
  of: 'SELECT instance, expires_at FROM leases WHERE work_id = ?',
  renew: 'UPDATE leases SET expires_at = ? WHERE instance = ?',
  held: 'SELECT work_id FROM leases WHERE instance = ?',
  expired: 'SELECT work_id FROM leases WHERE expires_at < ?',
  clear: 'DELETE FROM leases',
} as const;

/** Which instance holds each thread's Python session (migration 3). */
export const PYTHON_SESSION_SQL = {
  holder: 'SELECT instance FROM python_sessions WHERE thread_id = ?',
  take: 'INSERT INTO python_sessions (thread_id, instance) VALUES (?, ?) ON CONFLICT (thread_id) DO UPDATE SET instance = excluded.instance',
} as const;

/** Files' bytes in the database, in pieces (migration 3). */
export const FILE_CHUNK_SQL = {
  insert: 'INSERT INTO file_chunks (file_id, seq, data) VALUES (?, ?, ?)',
  read: 'SELECT data FROM file_chunks WHERE file_id = ? AND seq = ?',
  count: 'SELECT COUNT(*) AS n FROM file_chunks WHERE file_id = ?',
  remove: 'DELETE FROM file_chunks WHERE file_id = ?',
} as const;

/**
 * The texts of some chunks by id. The id list is padded (with -1, never an id) to a few fixed
 * lengths, so the drivers' statement caches see a handful of statements rather than one per count.
 */
export function chunkTextsQuery(ids: readonly number[]): BoundQuery {
  let size = 8;
  while (size < ids.length) size *= 2;
  const params: SqlValue[] = [...ids];
  while (params.length < size) params.push(-1);
  return { sql: `SELECT id, text FROM chunks WHERE id IN (${params.map(() => '?').join(', ')})`, params };
}

/** A query with the values to bind to it, in order. */
export interface BoundQuery {
  sql: string;
  params: SqlValue[];
}

function scopeWhere(kind: ObjectKind, scope: Scope): BoundQuery {
  let sql = 'kind = ?';
  const params: SqlValue[] = [kind];
  for (const column of SCOPE_COLUMNS) {
    const value = scope[column];
    if (value === undefined) continue;
    sql += ` AND ${column} = ?`;
    params.push(value);
  }
  return { sql, params };
}

/** The paging key of one object of a list, if that object is in the list. */
export function cursorQuery(kind: ObjectKind, scope: Scope, id: string): BoundQuery {
  const where = scopeWhere(kind, scope);
  return { sql: `SELECT created_at, id FROM objects WHERE ${where.sql} AND id = ?`, params: [...where.params, id] };
}

/** A paging key: objects sort by created_at, then by id (ids sort in creation order). */
export interface PageKey {
  created_at: number;
  id: string;
}

export interface ListBounds {
  /** Only keys strictly greater than this. */
  above?: PageKey;
  /** Only keys strictly less than this. */
  below?: PageKey;
  direction: 'ASC' | 'DESC';
  limit: number;
}

/** One window of a list, scanned in `direction` from its bound. */
export function listQuery(kind: ObjectKind, scope: Scope, bounds: ListBounds): BoundQuery {
  const where = scopeWhere(kind, scope);
  let sql = `SELECT body FROM objects WHERE ${where.sql}`;
  const params = [...where.params];
  if (bounds.above) {
    sql += ' AND (created_at, id) > (?, ?)';
    params.push(bounds.above.created_at, bounds.above.id);
  }
  if (bounds.below) {
    sql += ' AND (created_at, id) < (?, ?)';
    params.push(bounds.below.created_at, bounds.below.id);
  }
  const dir = bounds.direction === 'DESC' ? 'DESC' : 'ASC';
  sql += ` ORDER BY created_at ${dir}, id ${dir} LIMIT ?`;
  params.push(bounds.limit);
  return { sql, params };
}

export function countQuery(kind: ObjectKind, scope: Scope): BoundQuery {
  const where = scopeWhere(kind, scope);
  return { sql: `SELECT COUNT(*) AS n FROM objects WHERE ${where.sql}`, params: where.params };
}

export function withStatusQuery(kind: ObjectKind, statuses: readonly string[], scope: Scope = {}): BoundQuery {
  const marks = statuses.map(() => '?').join(', ');
  const where = scopeWhere(kind, scope);
  return {
    // The unary + keeps SQLite from walking objects_by_kind (every run ever) just to skip a sort;
    // the few live rows are found by objects_by_status and sorted after.
    sql: `SELECT body FROM objects WHERE ${where.sql} AND status IN (${marks}) ORDER BY +created_at, +id`,
    params: [...where.params, ...statuses],
  };
}
