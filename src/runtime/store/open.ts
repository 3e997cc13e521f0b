import { loadNodeSqlite, openNodeSqliteDriver } from './nodeSqliteDriver';
import { applySchema } from './schema';
import { openSqlJsDriver } from './sqlJsDriver';
import { sqliteDriver } from './sqliteDriver';
import type { SqlDriver } from './types';

export type DriverChoice = 'auto' | 'node-sqlite' | 'sql.js';

export interface OpenDatabaseOptions {
  /** Folder for tutor.sqlite; omitted means in memory (tests). */
  dir?: string;
  /** 'auto' (the default) takes node:sqlite when this Node has it, else sql.js. */
  driver?: DriverChoice;
  /** Where sql.js finds its WASM when bundled. */
  wasmPath?: string;
  logger?: (msg: string) => void;
  /** sql.js only: told when a snapshot starts being written (see SqlJsDriverOptions). */
  onSnapshot?: () => void;
}

/** Overrides 'auto' (never an explicit choice), so one test suite can run on either driver. */
const DRIVER_ENV = 'TUTOR_STORE_DRIVER';

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
  const choice = resolveDriver(options.driver ?? 'auto');
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

function resolveDriver(requested: DriverChoice): 'node-sqlite' | 'sql.js' {
  let choice = requested;
  if (choice === 'auto') {
    const forced = process.env[DRIVER_ENV];
    if (forced === 'node-sqlite' || forced === 'sql.js') choice = forced;
    else if (forced) throw new Error(`${DRIVER_ENV} must be 'node-sqlite' or 'sql.js', not '${forced}'.`);
  }
  if (choice === 'auto') return hasNodeSqlite() ? 'node-sqlite' : 'sql.js';
  if (choice === 'node-sqlite' && !hasNodeSqlite()) {
    throw new Error(`The node-sqlite store driver needs node:sqlite, which Node ${process.versions.node} lacks; use 'sql.js' or 'auto'.`);
  }
  return choice;
}
