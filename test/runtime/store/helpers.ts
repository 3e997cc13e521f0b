import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import initSqlJs from 'sql.js';
import { createIdSource } from '../../../src/runtime/domain/ids';
import type { ObjectKind } from '../../../src/runtime/domain/objects';
import { hasNodeSqlite, openDatabase } from '../../../src/runtime/store/open';
import type { SqlDriver } from '../../../src/runtime/store/types';

/** The driver the shared suites run on: TUTOR_STORE_DRIVER, else what 'auto' picks on this Node. */
export const driverUnderTest = process.env.TUTOR_STORE_DRIVER ?? (hasNodeSqlite() ? 'node-sqlite' : 'sql.js');

/** Opens the database the way the runtime does ('auto', so TUTOR_STORE_DRIVER decides). */
export function openTestDatabase(dir?: string): Promise<SqlDriver> {
  return openDatabase(dir ? { dir } : {});
}

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tutor-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A minimal API-shaped object (created_at in seconds, as the API has it). */
export interface TestObject {
  id: string;
  object: string;
  created_at: number;
  status?: string;
  n?: number;
}

/**
 * Makes objects whose ids come from the real id source with a frozen clock, so many share one
 * second (and one millisecond) and only the id's counter orders them.
 */
export function objectMaker(ms = 1_700_000_000_000): (kind: ObjectKind, extra?: Partial<TestObject>) => TestObject {
  const ids = createIdSource(() => ms);
  return (kind, extra = {}) => ({ id: ids(kind), object: kind, created_at: Math.floor(ms / 1000), ...extra });
}

/** Reads `<dir>/tutor.sqlite` as it is on disk, with its own sql.js, independent of the driver. */
export async function idsOnDisk(file: string): Promise<string[]> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    const result = db.exec('SELECT id FROM objects ORDER BY created_at, id');
    return (result[0]?.values ?? []).map((row) => String(row[0]));
  } finally {
    db.close();
  }
}

/** Polls until `check` holds or `ms` pass; returns whether it held. */
export async function eventually(check: () => Promise<boolean> | boolean, ms: number, stepMs = 10): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
