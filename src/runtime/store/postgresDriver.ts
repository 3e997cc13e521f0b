/**
 * The SqlDriver over PostgreSQL (node-postgres), for a server that several instances share.
 *
 * The store's SQL is written once, in SQLite's dialect (schema.ts); what PostgreSQL spells
 * differently is translated here and nowhere else: `?` placeholders become `$n`, SQLite-only
 * planner hints and casts are rewritten, and the migrations' column types are mapped.
 *
 * Crash window: none for anything acknowledged. Every statement outside a transaction commits on
 * its own and every transaction commits before its call returns, with PostgreSQL's default
 * synchronous_commit, so a committed write is in the WAL on disk; `persist` has nothing to do.
 *
 * Transactions hold one pooled connection for their whole body; the queries made while the body
 * runs (found by async context) go to that connection, every other query to the pool.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { quiet } from './asyncContext';
import pg from 'pg';
import { PostgresListener } from './postgresListener';
import { MIGRATIONS, SCHEMA_VERSION, SQL } from './schema';
import type { SqlDriver, SqlValue } from './types';

export interface PostgresDriverOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** The schema the tables live in (created if missing). Default `public`. */
  schema?: string;
  /** Drops the schema on close: a throwaway database for one test. */
  dropSchemaOnClose?: boolean;
  /** Connections kept open at most. Default 10. */
  poolSize?: number;
  logger?: (msg: string) => void;
}

/** An open transaction: its connection, how deep its savepoints go, and whether it is still open. */
interface OpenTransaction {
  client: pg.PoolClient;
  depth: number;
  open: boolean;
  committed: { depth: number; fn: () => void }[];
}

/** The advisory lock that lets one instance at a time migrate (any constant both sides agree on). */
const MIGRATION_LOCK = 0x7475746f; // "tuto"

/** int8 (COUNT(*), BIGINT columns) as a JavaScript number: every such value here is far below 2^53. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Connects to PostgreSQL, creates the schema if needed and brings it to SCHEMA_VERSION (safely
 * when several instances start at once: they queue on an advisory lock).
 *
 * @example
 *   const db = await openPostgresDriver({ url: 'postgres://tutor@127.0.0.1/tutor' });
 *   const store = createObjectStore(db);
 */
export async function openPostgresDriver(options: PostgresDriverOptions): Promise<SqlDriver> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Not a usable schema name: '${schema}' (lower-case letters, digits and _).`);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types,
    // Every connection looks in the schema first; a query never names it.
    options: `-c search_path=${schema}`,
  });
  // An idle connection the server closes (restart, idle timeout) must not take the process down.
  pool.on('error', (err) => options.logger?.(`PostgreSQL: an idle connection failed: ${err.message}`));
  const driver = new PostgresDriver(pool, schema, options.dropSchemaOnClose ?? false, () => new pg.Client({ connectionString: options.url, types }), options.logger);
  try {
    await migrate(driver, schema);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return driver;
}

class PostgresDriver implements SqlDriver {
  readonly name = 'postgres' as const;
  readonly shared = true;
  private readonly context = new AsyncLocalStorage<OpenTransaction>();
  /** Transactions open on any connection: the async context is only needed while one is. */
  private openTransactions = 0;
  private readonly translated = new Map<string, string>();
  private closed = false;
  private readonly signals: PostgresListener;

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly dropSchemaOnClose: boolean,
    newClient: () => pg.Client,
    logger?: (msg: string) => void,
  ) {
    this.signals = new PostgresListener(schema, newClient, logger);
  }

  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    return this.signals.listen(channel, onMessage);
  }

  async notify(channel: string, payload: string): Promise<void> {
    // Through query(): inside a transaction PostgreSQL delivers it at commit, and drops it on rollback.
    await this.query('SELECT pg_notify(?, ?)', [this.signals.channelName(channel), payload]);
  }

  async run(sql: string, params: SqlValue[] = []): Promise<{ changes: number }> {
    const result = await this.query(sql, params);
    return { changes: result.rowCount ?? 0 };
  }

  async get<T = Record<string, SqlValue>>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }

  async all<T = Record<string, SqlValue>>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const mine = this.context.getStore();
    if (mine?.open) return this.savepoint(mine, fn);
    const client = await this.pool.connect();
    const tx: OpenTransaction = { client, depth: 0, open: true, committed: [] };
    let broken = false;
    this.openTransactions++;
    try {
      await client.query('BEGIN');
      const result = await this.context.run(tx, fn);
      await client.query('COMMIT');
      tx.open = false;
      this.context.exit(() => {
        for (const { fn: after } of tx.committed) after();
      });
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw err;
    } finally {
      tx.open = false;
      // A connection whose rollback failed is in an unknown state: the pool drops it.
      client.release(broken);
      if (--this.openTransactions === 0) quiet(this.context);
    }
  }

  afterCommit(fn: () => void): void {
    const mine = this.context.getStore();
    if (mine?.open) mine.committed.push({ depth: mine.depth, fn });
    else this.context.exit(fn);
  }

  persist(_urgent: boolean): void {
    // Durable at commit (see the top of this file).
  }

  async flush(): Promise<void> {}

  async durable(): Promise<void> {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.signals.close();
    if (this.dropSchemaOnClose) await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`).catch(() => undefined);
    await this.pool.end();
  }

  /** A query on the open transaction's connection if this code runs inside one, else on the pool. */
  query(sql: string, params: SqlValue[] = []): Promise<pg.QueryResult> {
    if (this.closed) return Promise.reject(new Error('The Tutor database is closed.'));
    const text = this.translate(sql);
    const values = params.map(toPostgres);
    const tx = this.context.getStore();
    if (!tx?.open) return this.pool.query(text, values);
    // Inside a transaction an object is read to be changed (counts, statuses): lock its row until
    // commit, so two transactions on it take turns, as SQLite's single writer makes them.
    return tx.client.query(sql === SQL.get ? `${text} FOR UPDATE` : text, values);
  }

  private translate(sql: string): string {
    let text = this.translated.get(sql);
    if (text === undefined) {
      text = postgresSql(sql);
      this.translated.set(sql, text);
    }
    return text;
  }

  private async savepoint<T>(tx: OpenTransaction, fn: () => Promise<T>): Promise<T> {
    const name = `tutor_${tx.depth++}`;
    await tx.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      await tx.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      await tx.client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
      tx.committed = tx.committed.filter((c) => c.depth < tx.depth);
      throw err;
    } finally {
      tx.depth--;
    }
  }
}

/**
 * The store's SQLite-dialect SQL as PostgreSQL reads it. The query set is fixed (schema.ts), so
 * these rewrites cover what it uses, not SQL in general; the driver's tests run all of it.
 *
 * @example
 *   postgresSql('SELECT body FROM objects WHERE kind = ? AND id = ?');
 *   // → 'SELECT body FROM objects WHERE kind = $1 AND id = $2'
 */
export function postgresSql(sql: string): string {
  const rewritten = sql
    // Chunk text is bound as UTF-8 bytes for sql.js's sake (schema.ts); PostgreSQL decodes it.
    .replaceAll('CAST(? AS TEXT)', "convert_from(?, 'UTF8')")
    // SQLite's "do not use this index for ordering" hint; PostgreSQL has no unary + on text.
    .replace(/ORDER BY \+created_at, \+id/g, 'ORDER BY created_at, id');
  let n = 0;
  let out = '';
  let quoted = false;
  for (const ch of rewritten) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}

/** A migration step's DDL with PostgreSQL's types for SQLite's. */
export function postgresDdl(sql: string): string {
  return sql
    .replace(/INTEGER PRIMARY KEY AUTOINCREMENT/g, 'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY')
    .replace(/\bINTEGER\b/g, 'BIGINT')
    .replace(/\bBLOB\b/g, 'BYTEA');
}

/**
 * Brings the schema to SCHEMA_VERSION, recorded in `tutor_schema` (PostgreSQL has no user_version).
 * All of it is one transaction holding an advisory lock: instances starting together wait for the
 * first, then find nothing left to do; a crash mid-migration leaves the previous version whole.
 */
async function migrate(driver: PostgresDriver, schema: string): Promise<void> {
  await driver.transaction(async () => {
    await driver.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    // Under the lock: CREATE SCHEMA IF NOT EXISTS is not safe against itself run at the same moment.
    await driver.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await driver.query('CREATE TABLE IF NOT EXISTS tutor_schema (version INTEGER NOT NULL)');
    const current = Number((await driver.get<{ version: number }>('SELECT version FROM tutor_schema'))?.version ?? 0);
    if (current > SCHEMA_VERSION) {
      throw new Error(`The Tutor database has schema version ${current}, newer than this version of Tutor understands (${SCHEMA_VERSION}).`);
    }
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      const steps = MIGRATIONS[version];
      if (!steps) throw new Error(`No migration to schema version ${version}.`);
      for (const sql of steps) await driver.query(postgresDdl(sql));
    }
    if (current === 0) await driver.query('INSERT INTO tutor_schema (version) VALUES (?)', [SCHEMA_VERSION]);
    else if (current < SCHEMA_VERSION) await driver.query('UPDATE tutor_schema SET version = ?', [SCHEMA_VERSION]);
  });
}

function toPostgres(value: SqlValue): unknown {
  // Bytes go as bytea; bigint as text (pg does not take a bigint); the rest as they are.
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'bigint') return value.toString();
  return value;
}
