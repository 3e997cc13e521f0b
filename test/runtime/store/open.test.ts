// @sqlite-only: opening and migrating the SQLite file (user_version, query plans); PostgreSQL's
// counterpart is postgresDriver.test.ts.
import * as assert from 'node:assert/strict';
import { hasNodeSqlite, openDatabase } from '../../../src/runtime/store/open';
import { countQuery, listQuery, SCHEMA_VERSION, withStatusQuery } from '../../../src/runtime/store/schema';
import type { SqlDriver } from '../../../src/runtime/store/types';
import { driverUnderTest, openTestDatabase, tempDir } from './helpers';

describe('openDatabase', () => {
  const saved = process.env.TUTOR_STORE_DRIVER;
  afterEach(() => {
    if (saved === undefined) delete process.env.TUTOR_STORE_DRIVER;
    else process.env.TUTOR_STORE_DRIVER = saved;
  });

  const nameOf = async (open: Promise<SqlDriver>): Promise<string> => {
    const db = await open;
    await db.close();
    return db.name;
  };

  it('knows whether this Node has node:sqlite', () => {
    const major = Number(process.versions.node.split('.')[0]);
    if (major <= 20) assert.equal(hasNodeSqlite(), false);
    if (major >= 24) assert.equal(hasNodeSqlite(), true);
  });

  it("picks node:sqlite for 'auto' when it exists, else sql.js", async () => {
    delete process.env.TUTOR_STORE_DRIVER;
    assert.equal(await nameOf(openDatabase({ driver: 'auto' })), hasNodeSqlite() ? 'node-sqlite' : 'sql.js');
    assert.equal(await nameOf(openDatabase()), hasNodeSqlite() ? 'node-sqlite' : 'sql.js');
  });

  it('lets TUTOR_STORE_DRIVER override auto, but not an explicit choice', async () => {
    process.env.TUTOR_STORE_DRIVER = 'sql.js';
    assert.equal(await nameOf(openDatabase({ driver: 'auto' })), 'sql.js');
    if (hasNodeSqlite()) {
      assert.equal(await nameOf(openDatabase({ driver: 'node-sqlite' })), 'node-sqlite');
      process.env.TUTOR_STORE_DRIVER = 'node-sqlite';
      assert.equal(await nameOf(openDatabase({ driver: 'auto' })), 'node-sqlite');
      assert.equal(await nameOf(openDatabase({ driver: 'sql.js' })), 'sql.js');
    }
  });

  it('refuses an unknown TUTOR_STORE_DRIVER, and node-sqlite where Node lacks it', async () => {
    process.env.TUTOR_STORE_DRIVER = 'mysql';
    await assert.rejects(openDatabase(), /TUTOR_STORE_DRIVER must be 'node-sqlite', 'sql.js' or 'postgres'/);
    // PostgreSQL needs to be told where: the error says how.
    process.env.TUTOR_STORE_DRIVER = 'postgres';
    const url = process.env.TUTOR_DATABASE_URL;
    delete process.env.TUTOR_DATABASE_URL;
    try {
      await assert.rejects(openDatabase(), /needs a URL: pass --database postgres:\/\/… or set TUTOR_DATABASE_URL/);
    } finally {
      if (url !== undefined) process.env.TUTOR_DATABASE_URL = url;
    }
    if (!hasNodeSqlite()) await assert.rejects(openDatabase({ driver: 'node-sqlite' }), /node:sqlite/);
  });

  it('reports what it opened to the logger', async () => {
    const lines: string[] = [];
    await (await openTestDatabase()).close();
    const db = await openDatabase({ logger: (m) => lines.push(m) });
    await db.close();
    assert.deepEqual(lines, [`Tutor store: ${db.name}, in memory`]);
  });
});

describe(`schema on ${driverUnderTest}`, () => {
  let db: SqlDriver;
  beforeEach(async () => (db = await openTestDatabase()));
  afterEach(() => db.close());

  it('records its version in user_version', async () => {
    assert.equal(Number((await db.get<{ user_version: number }>('PRAGMA user_version'))?.user_version), SCHEMA_VERSION);
  });

  it('has the listing and recovery indexes', async () => {
    const names = (await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'objects'")).map((r) => r.name);
    for (const index of ['objects_by_kind', 'objects_by_thread', 'objects_by_run', 'objects_by_parent', 'objects_by_status']) {
      assert.ok(names.includes(index), index);
    }
  });

  it('pages, counts and finds live runs through an index, not a table scan', async () => {
    const plan = async (sql: string, params: unknown[]) =>
      (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params as never)).map((r) => r.detail).join('; ');
    const key = { created_at: 1, id: 'msg_x' };
    const page = listQuery('message', { thread_id: 'thread_x' }, { above: key, direction: 'ASC', limit: 21 });
    assert.match(await plan(page.sql, page.params), /USING INDEX objects_by_thread/);
    assert.doesNotMatch(await plan(page.sql, page.params), /TEMP B-TREE/, 'ordered by the index, no sort');
    const steps = listQuery('run_step', { run_id: 'run_x' }, { below: key, direction: 'DESC', limit: 21 });
    assert.match(await plan(steps.sql, steps.params), /USING INDEX objects_by_run/);
    const assistants = listQuery('assistant', {}, { direction: 'DESC', limit: 21 });
    assert.match(await plan(assistants.sql, assistants.params), /USING (COVERING )?INDEX objects_by_kind/);
    const count = countQuery('message', { thread_id: 'thread_x' });
    assert.match(await plan(count.sql, count.params), /INDEX objects_by_thread/);
    const live = withStatusQuery('run', ['queued', 'in_progress']);
    assert.match(await plan(live.sql, live.params), /INDEX objects_by_status/);
    // A thread's active run is looked for on every run created: never a scan of the table.
    const threadLive = withStatusQuery('run', ['queued', 'in_progress'], { thread_id: 'thread_x' });
    assert.match(await plan(threadLive.sql, threadLive.params), /INDEX objects_by_(status|thread)/);
    assert.doesNotMatch(await plan(threadLive.sql, threadLive.params), /SCAN objects\b(?! USING)/);
  });

  it('refuses a database from a newer schema', async () => {
    const tmp = tempDir();
    try {
      const first = await openTestDatabase(tmp.dir);
      await first.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
      first.persist(true);
      await first.close();
      await assert.rejects(openTestDatabase(tmp.dir), /newer/);
    } finally {
      tmp.remove();
    }
  });

  it('reopens an up-to-date database without migrating again', async () => {
    const tmp = tempDir();
    try {
      await (await openTestDatabase(tmp.dir)).close();
      const again = await openTestDatabase(tmp.dir);
      assert.equal(Number((await again.get<{ user_version: number }>('PRAGMA user_version'))?.user_version), SCHEMA_VERSION);
      await again.close();
    } finally {
      tmp.remove();
    }
  });
});
