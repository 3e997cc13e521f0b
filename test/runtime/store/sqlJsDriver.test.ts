// @sqlite-only: sql.js's snapshots on disk.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mock } from 'node:test';
import { createObjectStore } from '../../../src/runtime/store/objectStore';
import { openDatabase } from '../../../src/runtime/store/open';
import { snapshotTempFile } from '../../../src/runtime/store/atomicSnapshot';
import type { ObjectStore, SqlDriver } from '../../../src/runtime/store/types';
import { idsOnDisk, objectMaker, tempDir } from './helpers';

// sql.js runs on every Node, so these run on both legs of the unit tests, whatever
// TUTOR_STORE_DRIVER says: the snapshot file is this driver's own business.
describe('sql.js driver snapshots', () => {
  let tmp: ReturnType<typeof tempDir>;
  let file: string;
  let db: SqlDriver;
  let store: ObjectStore;
  const make = objectMaker();

  /** Snapshots started since the file settled; the driver reports each as it starts. */
  let snapshots = 0;
  const open = async () => {
    db = await openDatabase({ dir: tmp.dir, driver: 'sql.js', onSnapshot: () => snapshots++ });
    store = createObjectStore(db);
  };
  // With the timers and Date mocked, only the test moves the driver's clock, so "not yet" and
  // "now" are exact: a snapshot starts synchronously inside the timer callback that lets it go.
  const clock = mock.timers;
  let frozen = false;
  const freezeClock = () => ((frozen = true), clock.enable({ apis: ['setTimeout', 'setInterval', 'setImmediate', 'Date'] }));
  /** Runs what is due now (an urgent write's immediate), without moving the clock. */
  const nextTurn = () => clock.tick(0);

  beforeEach(async () => {
    tmp = tempDir();
    file = path.join(tmp.dir, 'tutor.sqlite');
    await open();
    // The schema itself is an urgent write; start from a settled file.
    await db.flush();
    snapshots = 0;
  });
  afterEach(async () => {
    // A failed test can leave a mocked timer in the driver: let it fire and close while the mock
    // still owns it, so nothing hands a mock to Node's real clearTimeout.
    if (frozen) clock.runAll();
    await db.close();
    clock.reset();
    frozen = false;
    tmp.remove();
  });

  it('writes a new database file with the schema at once', async () => {
    assert.equal(db.name, 'sql.js');
    assert.deepEqual(await idsOnDisk(file), []);
  });

  it('has an urgent write on disk after await flush(), and leaves no temp file', async () => {
    const thread = make('thread');
    await store.insert('thread', thread);
    await db.flush();
    assert.deepEqual(await idsOnDisk(file), [thread.id]);
    assert.deepEqual(readdirSync(tmp.dir), ['tutor.sqlite']);
  });

  it('saves an urgent write without being asked, with no timer left to fire', async () => {
    freezeClock();
    const message = make('message');
    await store.insert('message', message, { thread_id: 'thread_x' });
    nextTurn();
    assert.equal(snapshots, 1, 'urgent write started while the clock stood still');
    await db.flush();
    assert.ok((await idsOnDisk(file)).includes(message.id), 'urgent write on disk');
  });

  it('batches run progress: not on disk at once, on disk at the debounce', async () => {
    freezeClock();
    const run = make('run', { status: 'in_progress' });
    await store.insert('run', run, { thread_id: 'thread_x' });
    nextTurn();
    clock.tick(249);
    assert.equal(snapshots, 0, 'a batched write waits for the debounce');
    clock.tick(1);
    assert.equal(snapshots, 1, 'and goes at the debounce');
    await db.flush();
    assert.ok((await idsOnDisk(file)).includes(run.id), 'batched write on disk');
  });

  it('bounds the batching delay while writes keep coming', async () => {
    freezeClock();
    const first = make('run');
    await store.insert('run', first, { thread_id: 'thread_x' });
    // A write every 100 ms would push a pure debounce back forever.
    for (let at = 100; at < 1000; at += 100) {
      clock.tick(100);
      await store.insert('run_step', make('run_step'), { run_id: first.id });
    }
    clock.tick(99);
    assert.equal(snapshots, 0, 'not before the max delay');
    clock.tick(1);
    assert.equal(snapshots, 1, 'written at the max delay despite the stream of writes');
    await db.flush();
    assert.ok((await idsOnDisk(file)).includes(first.id));
  });

  it('lets an urgent write jump the batch queue', async () => {
    freezeClock();
    const run = make('run');
    await store.insert('run', run, { thread_id: 'thread_x' });
    await store.update('run', { ...run, status: 'completed' }, { urgent: true });
    nextTurn();
    assert.equal(snapshots, 1, 'the urgent write did not wait for the pending batch');
    await db.flush();
    assert.ok((await idsOnDisk(file)).includes(run.id));
    // And the reverse: a batched write after an urgent one does not postpone it.
    const message = make('message');
    await store.insert('message', message, { thread_id: 'thread_x' });
    await store.insert('run_step', make('run_step'), { run_id: run.id });
    nextTurn();
    assert.equal(snapshots, 2, 'the batched write did not postpone the urgent one');
    await db.flush();
    assert.ok((await idsOnDisk(file)).includes(message.id));
  });

  it('replaces the file by rename, so readers never see a half-written one', async () => {
    for (let i = 0; i < 5; i++) {
      const before = statSync(file).ino;
      await store.insert('thread', make('thread'));
      await db.flush();
      assert.equal(existsSync(snapshotTempFile(tmp.dir)), false);
      // Writing in place would keep the inode; a rename brings the temp file's.
      if (process.platform !== 'win32') assert.notEqual(statSync(file).ino, before, `flush ${i}`);
    }
    assert.equal((await idsOnDisk(file)).length, 5);
  });

  it('writes batched progress on close', async () => {
    const run = make('run');
    await store.insert('run', run, { thread_id: 'thread_x' });
    await db.close();
    assert.deepEqual(await idsOnDisk(file), [run.id]);
    await open();
    assert.deepEqual(await store.get('run', run.id), run);
  });

  it('reopens past a partial temp file a crash left behind, and drops it', async () => {
    const thread = make('thread');
    await store.insert('thread', thread);
    await db.close();
    // Half a snapshot, as a kill during writeFile would leave it.
    const snapshot = readFileSync(file);
    writeFileSync(snapshotTempFile(tmp.dir), Buffer.concat([snapshot.subarray(0, 700), Buffer.from('garbage')]));

    await open();
    assert.deepEqual(await store.get('thread', thread.id), thread);
    assert.equal(existsSync(snapshotTempFile(tmp.dir)), false);
    const later = make('thread');
    await store.insert('thread', later);
    await db.flush();
    assert.deepEqual(await idsOnDisk(file), [thread.id, later.id]);
  });

  it('starts empty when a crash came before the first snapshot landed', async () => {
    await db.close();
    tmp.remove();
    tmp = tempDir();
    file = path.join(tmp.dir, 'tutor.sqlite');
    writeFileSync(snapshotTempFile(tmp.dir), 'SQLite format 3\0 and then nothing');
    await open();
    assert.equal(await store.count('thread', {}), 0);
    await db.flush();
    assert.deepEqual(readdirSync(tmp.dir), ['tutor.sqlite']);
  });

  it('works purely in memory without a folder', async () => {
    const memory = await openDatabase({ driver: 'sql.js' });
    const thread = make('thread');
    try {
      const memoryStore = createObjectStore(memory);
      await memoryStore.insert('thread', thread);
      await memory.flush();
      assert.deepEqual(await memoryStore.get('thread', thread.id), thread);
    } finally {
      await memory.close();
    }
    // Not in the folder-backed database of this suite.
    assert.equal(await store.get('thread', thread.id), undefined);
  });
});
