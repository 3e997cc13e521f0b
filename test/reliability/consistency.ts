/**
 * Opens a stopped server's data folder and checks that what it left is one consistent state:
 * SQLite's own integrity check, owners that exist, no run still live, vector store counts that
 * match their files, and file bytes that match the File objects. Used after fuzzing and after
 * crash tests; it reads with the same driver the runner picked (TUTOR_STORE_DRIVER), through the
 * store's own openDatabase, and writes nothing. Run it on a stopped server's folder: after a
 * kill -9, start and stop the server once first, so node:sqlite folds its WAL into the file
 * (sql.js reads the file alone) and start-up recovery has settled what was in flight.
 *
 * @example
 *   await server.stop();
 *   assert.deepEqual(await checkConsistency(dataDir), []);
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../../src/runtime/store/nodeSqliteDriver';
import { openDatabase } from '../../src/runtime/store/open';
import type { SqlDriver } from '../../src/runtime/store/types';

export interface ConsistencyOptions {
  /**
   * Accept runs, steps and messages still live (queued, in_progress, cancelling). Right after a
   * kill -9 they are expected: the next start settles them. After a clean stop they are a bug.
   */
  allowLive?: boolean;
  /** The PostgreSQL database the server used (`serve --database`); file bytes are then in it too. */
  databaseUrl?: string;
}

interface Row {
  kind: string;
  id: string;
  thread_id: string | null;
  run_id: string | null;
  parent_id: string | null;
  status: string | null;
  body: Record<string, unknown>;
}

/** Every problem found, one line each; empty when the folder is consistent. */
export async function checkConsistency(dataDir: string, options: ConsistencyOptions = {}): Promise<string[]> {
  if (!options.databaseUrl && !existsSync(path.join(dataDir, DATABASE_FILE))) return [`no ${DATABASE_FILE} in ${dataDir}`];
  const db = await openDatabase(options.databaseUrl ? { url: options.databaseUrl } : { dir: dataDir });
  try {
    // PostgreSQL checks its pages as it reads them; SQLite is asked to check its file.
    if (!options.databaseUrl) {
      const integrity = (await db.all<{ integrity_check: string }>('PRAGMA integrity_check')).map((r) => r.integrity_check);
      if (integrity.join() !== 'ok') return integrity.map((m) => `integrity_check: ${m}`);
    }
    const problems: string[] = [];
    const rows = await readRows(db, problems);
    const blobs = options.databaseUrl ? await checkDatabaseBlobs(db, rows) : checkBlobs(rows, path.join(dataDir, 'files'));
    problems.push(...checkOwners(rows), ...checkLive(rows, options), ...await checkVectorStores(db, rows), ...blobs);
    return problems;
  } finally {
    await db.close();
  }
}

async function readRows(db: SqlDriver, problems: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const r of await db.all<Omit<Row, 'body'> & { body: string }>('SELECT kind, id, thread_id, run_id, parent_id, status, body FROM objects')) {
    try {
      rows.push({ ...r, body: JSON.parse(r.body) as Record<string, unknown> });
    } catch {
      problems.push(`${r.kind} ${r.id}: stored body is not JSON`);
    }
  }
  return rows;
}

const ofKind = (rows: Row[], kind: string) => rows.filter((r) => r.kind === kind);
const idsOf = (rows: Row[], kind: string) => new Set(ofKind(rows, kind).map((r) => r.id));

/** Messages, runs and steps belong to a thread that exists; steps to a run that exists. */
function checkOwners(rows: Row[]): string[] {
  const problems: string[] = [];
  const threads = idsOf(rows, 'thread');
  const runs = idsOf(rows, 'run');
  for (const r of rows.filter((x) => ['message', 'run', 'run_step'].includes(x.kind))) {
    if (!r.thread_id || !threads.has(r.thread_id)) problems.push(`${r.kind} ${r.id}: its thread ${r.thread_id} does not exist`);
    if (r.body.thread_id !== r.thread_id) problems.push(`${r.kind} ${r.id}: body says thread ${String(r.body.thread_id)}, row says ${r.thread_id}`);
    if ((r.kind === 'run_step' || r.run_id) && (!r.run_id || !runs.has(r.run_id))) problems.push(`${r.kind} ${r.id}: its run ${r.run_id} does not exist`);
  }
  return problems;
}

/** After a clean stop nothing is mid-flight: runs ended (or wait for tool outputs), steps and messages too. */
function checkLive(rows: Row[], options: ConsistencyOptions): string[] {
  if (options.allowLive) return [];
  const problems: string[] = [];
  const runStatus = new Map(ofKind(rows, 'run').map((r) => [r.id, r.status]));
  for (const r of ofKind(rows, 'run')) if (['queued', 'in_progress', 'cancelling'].includes(r.status ?? '')) problems.push(`run ${r.id} is still ${r.status}`);
  for (const r of ofKind(rows, 'run_step')) {
    // A step waiting for tool outputs stays in_progress with its run in requires_action.
    if (r.status === 'in_progress' && runStatus.get(r.run_id ?? '') !== 'requires_action') problems.push(`run_step ${r.id} is in_progress but its run is ${runStatus.get(r.run_id ?? '')}`);
  }
  for (const r of ofKind(rows, 'message')) if (r.status === 'in_progress') problems.push(`message ${r.id} is still in_progress`);
  return problems;
}

type Counts = Record<'in_progress' | 'completed' | 'failed' | 'cancelled' | 'total', number>;

/** Store files and batches have their store; each store's file_counts and usage_bytes add up; chunks have their file. */
async function checkVectorStores(db: SqlDriver, rows: Row[]): Promise<string[]> {
  const problems: string[] = [];
  const stores = ofKind(rows, 'vector_store');
  const storeIds = new Set(stores.map((s) => s.id));
  const files = ofKind(rows, 'vector_store_file');
  for (const f of [...files, ...ofKind(rows, 'vector_store_file_batch')]) {
    if (!f.parent_id || !storeIds.has(f.parent_id)) problems.push(`${f.kind} ${f.id}: its vector store ${f.parent_id} does not exist`);
  }
  for (const f of files) {
    if (f.body.vector_store_id !== f.parent_id || f.id !== `${f.parent_id}:${String(f.body.id)}`) problems.push(`vector_store_file ${f.id}: keyed under ${f.parent_id}, body says ${String(f.body.vector_store_id)}/${String(f.body.id)}`);
  }
  for (const s of stores) {
    const mine = files.filter((f) => f.parent_id === s.id);
    const expected: Counts = { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: mine.length };
    for (const f of mine) expected[f.status as keyof Counts]++;
    const actual = s.body.file_counts as Counts;
    for (const key of Object.keys(expected) as (keyof Counts)[]) {
      if (actual?.[key] !== expected[key]) problems.push(`vector_store ${s.id}: file_counts.${key} is ${actual?.[key]}, its files say ${expected[key]}`);
    }
    const usage = mine.reduce((n, f) => n + Number(f.body.usage_bytes ?? 0), 0);
    if (s.body.usage_bytes !== usage) problems.push(`vector_store ${s.id}: usage_bytes is ${String(s.body.usage_bytes)}, its files add up to ${usage}`);
    const status = s.status === 'expired' ? 'expired' : expected.in_progress > 0 ? 'in_progress' : 'completed';
    if (s.status !== status) problems.push(`vector_store ${s.id}: status ${s.status} with ${expected.in_progress} file(s) in progress`);
  }
  // Chunks are searchable text: only a file still in its store (completed, or being re-indexed) may have them.
  const fileStatus = new Map(files.map((f) => [f.id, f.status]));
  for (const c of await db.all<{ vector_store_id: string; file_id: string; n: number }>('SELECT vector_store_id, file_id, COUNT(*) AS n FROM chunks GROUP BY vector_store_id, file_id')) {
    const status = fileStatus.get(`${c.vector_store_id}:${c.file_id}`);
    if (status !== 'completed' && status !== 'in_progress') problems.push(`${c.n} chunk(s) of ${c.file_id} in ${c.vector_store_id}, whose file there is ${status ?? 'gone'}`);
  }
  return problems;
}

/** Every File has its bytes (of its size) under files/, and nothing else is there. */
function checkBlobs(rows: Row[], filesDir: string): string[] {
  const problems: string[] = [];
  const fileObjects = ofKind(rows, 'file');
  const known = new Set(fileObjects.map((f) => f.id));
  for (const f of fileObjects) {
    const blob = path.join(filesDir, f.id);
    if (!existsSync(blob)) problems.push(`file ${f.id}: its bytes are missing`);
    else if (statSync(blob).size !== f.body.bytes) problems.push(`file ${f.id}: ${statSync(blob).size} bytes on disk, the object says ${String(f.body.bytes)}`);
  }
  const onDisk = existsSync(filesDir) ? readdirSync(filesDir) : [];
  for (const name of onDisk) if (!known.has(name)) problems.push(`files/${name}: no File object owns it`);
  return problems;
}

/** Every File has its bytes (of its size) in file_chunks, numbered from 0 without a hole, and no piece belongs to no File. */
async function checkDatabaseBlobs(db: SqlDriver, rows: Row[]): Promise<string[]> {
  const problems: string[] = [];
  const pieces = await db.all<{ file_id: string; n: number; bytes: number; last: number }>('SELECT file_id, COUNT(*) AS n, SUM(LENGTH(data)) AS bytes, MAX(seq) AS last FROM file_chunks GROUP BY file_id');
  const byFile = new Map(pieces.map((p) => [p.file_id, p]));
  const fileObjects = ofKind(rows, 'file');
  for (const f of fileObjects) {
    const p = byFile.get(f.id);
    if (!p) problems.push(`file ${f.id}: its bytes are missing`);
    else if (Number(p.bytes) !== f.body.bytes) problems.push(`file ${f.id}: ${p.bytes} bytes stored, the object says ${String(f.body.bytes)}`);
    else if (Number(p.last) !== Number(p.n) - 1) problems.push(`file ${f.id}: ${p.n} pieces numbered up to ${p.last}`);
  }
  const known = new Set(fileObjects.map((f) => f.id));
  for (const id of byFile.keys()) if (!known.has(id)) problems.push(`file_chunks of ${id}: no File object owns them`);
  return problems;
}
