// @sqlite-only: the SQLite drivers' crash windows (a snapshot file, WAL); PostgreSQL's is
// test/reliability's crash suite against serve --database.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createObjectStore } from '../../../src/runtime/store/objectStore';
import { driverUnderTest, openTestDatabase, tempDir } from './helpers';

const child = path.join(__dirname, 'crashChild.ts');

/** Runs crashChild.ts in a fresh Node on `dir`, returning the driver it used once it was killed. */
function crashAfterWriting(dir: string, mode: 'flush' | 'wait' | 'none'): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', child, dir, mode], {
    env: { ...process.env, TUTOR_STORE_DRIVER: driverUnderTest },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(result.signal, 'SIGKILL', `the child must die by SIGKILL: ${result.stderr}`);
  return result.stdout.trim();
}

describe(`crash window (kill -9) on ${driverUnderTest}`, () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  const survivors = async (): Promise<string[]> => {
    const db = await openTestDatabase(tmp.dir);
    try {
      const store = createObjectStore(db);
      const kinds: string[] = [];
      for (const kind of ['thread', 'message', 'run'] as const) if (await store.count(kind, {})) kinds.push(kind);
      return kinds;
    } finally {
      await db.close();
    }
  };

  if (driverUnderTest === 'node-sqlite') {
    it('loses nothing that was committed, batched or not', async () => {
      assert.equal(crashAfterWriting(tmp.dir, 'none'), 'node-sqlite');
      assert.deepEqual(await survivors(), ['thread', 'message', 'run']);
    });
  } else {
    it('keeps user-authored writes once flush() resolved', async () => {
      assert.equal(crashAfterWriting(tmp.dir, 'flush'), 'sql.js');
      const kept = await survivors();
      assert.deepEqual(kept.slice(0, 2), ['thread', 'message']);
    });

    it('keeps user-authored writes a few milliseconds later without a flush', async () => {
      crashAfterWriting(tmp.dir, 'wait');
      assert.deepEqual((await survivors()).slice(0, 2), ['thread', 'message']);
    });

    it('may lose the batched run update it had no time to save, and reopens cleanly', async () => {
      crashAfterWriting(tmp.dir, 'flush');
      assert.ok(!(await survivors()).includes('run'));
    });
  }
});
