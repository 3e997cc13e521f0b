import { loadNodeSqlite, openNodeSqliteDriver } from './nodeSqliteDriver';
import { createHash, randomBytes } from 'node:crypto';
import { applySchema } from './schema';
import { openSqlJsDriver } from './sqlJsDriver';
import { sqliteDriver } from './sqliteDriver';
import type { SqlDriver } from './types';

export type DriverChoice = 'auto' | 'node-sqlite' | 'sql.js' | 'postgres';

export interface OpenDatabaseOptions {
  /** Folder for tutor.sqlite; omitted means in memory (tests). */
  dir?: string;
  /** A PostgreSQL URL (`postgres://…`): the store lives there, and `driver` is 'postgres'. */
  url?: string;
  /** PostgreSQL only: the schema to use. Default `public`. */
  schema?: string;
  /** 'auto' (the default) takes node:sqlite when this Node has it, else sql.js. */
  driver?: DriverChoice;
  /** Where sql.js finds its WASM when bundled. */
  wasmPath?: string;
  logger?: (msg: string) => void;
  /** sql.js only: told when a snapshot starts being written (see SqlJsDriverOptions). */
  onSnapshot?: () => void;
}

/** Overrides 'auto' (never an explicit choice), so one test suite can run on any driver. */
const DRIVER_ENV = 'TUTOR_STORE_DRIVER';
/** With TUTOR_STORE_DRIVER=postgres: the server the suites run on. */
const DATABASE_URL_ENV = 'TUTOR_DATABASE_URL';

/**
 * True when this Node has `node:sqlite` (Node ≥ 22.13; Node 20 does not).
 *
 * @example
 *   const driver = hasNodeSqlite() ? 'node-sqlite' : 'sql.js';
 */
export function hasNodeSqlite(): boolean {
  return loadNodeSqlite() !== undefined;
}

/**
 * Opens the store's database with the schema applied.
 *
 * @example
 *   const db = await openDatabase({ dir: context.globalStorageUri.fsPath, wasmPath });
 *   const store = createObjectStore(db);
 *   // …
 *   await db.close();
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<SqlDriver> {
  const choice = options.url ? 'postgres' : resolveDriver(options.driver ?? 'auto');
  if (choice === 'postgres') return openPostgres(options);
  const driver =
    choice === 'node-sqlite'
      ? openNodeSqliteDriver(options.dir ? { dir: options.dir } : {})
      : await openSqlJsDriver({
          ...(options.dir ? { dir: options.dir } : {}),
          ...(options.wasmPath ? { wasmPath: options.wasmPath } : {}),
          ...(options.logger ? { logger: options.logger } : {}),
          ...(options.onSnapshot ? { onSnapshot: options.onSnapshot } : {}),
        });
  try {
    if (applySchema(driver)) driver.persist(true);
  } catch (err) {
    await driver.close().catch(() => undefined);
    throw err;
  }
  options.logger?.(`Tutor store: ${driver.name}, ${options.dir ? `in ${options.dir}` : 'in memory'}`);
  return sqliteDriver(driver);
}

/**
 * PostgreSQL, named by `url`, or by TUTOR_DATABASE_URL when TUTOR_STORE_DRIVER=postgres makes the
 * test suites run on it. There a data folder stands for a schema of its own (so reopening the same
 * folder finds its data, and suites sharing one server never see each other's), and no folder
 * means a fresh schema dropped on close, as SQLite's in-memory database is gone on close.
 */
async function openPostgres(options: OpenDatabaseOptions): Promise<SqlDriver> {
  const { openPostgresDriver } = await import('./postgresDriver');
  const url = options.url ?? process.env[DATABASE_URL_ENV];
  if (!url) throw new Error(`The postgres store driver needs a URL: pass --database postgres://… or set ${DATABASE_URL_ENV}.`);
  const forTests = !options.url;
  const schema = options.schema ?? (forTests ? testSchema(options.dir) : undefined);
  const driver = await openPostgresDriver({
    url,
    ...(schema ? { schema } : {}),
    dropSchemaOnClose: forTests && !options.dir,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  options.logger?.(`Tutor store: postgres, ${redact(url)}${schema ? ` (schema ${schema})` : ''}`);
  return driver;
}

function testSchema(dir: string | undefined): string {
  const id = dir ? createHash('sha256').update(dir).digest('hex').slice(0, 16) : randomBytes(8).toString('hex');
  return `tutor_${id}`;
}

/** The URL without its password, for logs. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}

function resolveDriver(requested: DriverChoice): DriverChoice {
  let choice = requested;
  if (choice === 'auto') {
    const forced = process.env[DRIVER_ENV];
    if (forced === 'node-sqlite' || forced === 'sql.js' || forced === 'postgres') choice = forced;
    else if (forced) throw new Error(`${DRIVER_ENV} must be 'node-sqlite', 'sql.js' or 'postgres', not '${forced}'.`);
  }
  if (choice === 'auto') return hasNodeSqlite() ? 'node-sqlite' : 'sql.js';
  if (choice === 'node-sqlite' && !hasNodeSqlite()) {
    throw new Error(`The node-sqlite store driver needs node:sqlite, which Node ${process.versions.node} lacks; use 'sql.js' or 'auto'.`);
  }
  return choice;
}
