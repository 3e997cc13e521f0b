import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../../src/runtime/domain/errors';
import { createObjectStore } from '../../../src/runtime/store/objectStore';
import type { ObjectStore, PageQuery, Scope, SqlDriver } from '../../../src/runtime/store/types';
import { driverUnderTest, objectMaker, openTestDatabase, tempDir, type TestObject } from './helpers';

describe(`ObjectStore on ${driverUnderTest}`, () => {
  let db: SqlDriver;
  let store: ObjectStore;
  let make: ReturnType<typeof objectMaker>;

  beforeEach(async () => {
    db = await openTestDatabase();
    store = createObjectStore(db);
    make = objectMaker();
  });
  afterEach(() => db.close());

  it('runs on the driver the environment chose', async () => {
    assert.equal(db.name, driverUnderTest);
  });

  describe('insert, get, update, delete', () => {
    it('round-trips an object whole', async () => {
      const thread = { ...make('thread'), metadata: { topic: 'algebra' }, tool_resources: null };
      assert.equal(await store.insert('thread', thread), thread);
      const read = await store.get<typeof thread>('thread', thread.id);
      assert.deepEqual(read, thread);
      // A plain object, whatever the driver's rows are made of.
      assert.equal(Object.getPrototypeOf(read), Object.prototype);

      const changed = { ...thread, metadata: { topic: 'calculus' } };
      assert.equal(await store.update('thread', changed), changed);
      assert.deepEqual(await store.get('thread', thread.id), changed);

      assert.equal(await store.delete('thread', thread.id), true);
      assert.equal(await store.get('thread', thread.id), undefined);
      assert.equal(await store.delete('thread', thread.id), false);
    });

    it('keeps kinds apart: an id is found only as its own kind', async () => {
      const assistant = make('assistant');
      await store.insert('assistant', assistant);
      assert.equal(await store.get('thread', assistant.id), undefined);
      assert.equal(await store.update('thread', assistant), undefined);
      assert.equal(await store.delete('thread', assistant.id), false);
      assert.deepEqual(await store.get('assistant', assistant.id), assistant);
    });

    it('returns undefined when updating an object that is gone', async () => {
      const message = make('message');
      assert.equal(await store.update('message', message), undefined);
      assert.equal(await store.get('message', message.id), undefined);
    });

    it('refuses a second object with the same id', async () => {
      const thread = make('thread');
      await store.insert('thread', thread);
      await assert.rejects(async () => await store.insert('thread', { ...thread, n: 2 }));
      assert.deepEqual(await store.get('thread', thread.id), thread);
    });
  });

  describe('delete cascades', () => {
    it('deletes a thread with its messages, runs and steps, and nothing else', async () => {
      const [a, b] = [make('thread'), make('thread')];
      for (const thread of [a, b]) {
        await store.insert('thread', thread);
        const run = make('run', { status: 'completed' });
        await store.insert('run', run, { thread_id: thread.id });
        await store.insert('message', make('message'), { thread_id: thread.id });
        await store.insert('message', make('message'), { thread_id: thread.id, run_id: run.id });
        await store.insert('run_step', make('run_step'), { thread_id: thread.id, run_id: run.id });
      }
      const assistant = make('assistant');
      await store.insert('assistant', assistant);

      assert.equal(await store.delete('thread', a.id), true);

      for (const kind of ['message', 'run', 'run_step'] as const) {
        assert.equal(await store.count(kind, { thread_id: a.id }), 0, `${kind}s of the deleted thread`);
      }
      assert.equal(await store.count('message', { thread_id: b.id }), 2);
      assert.equal(await store.count('run', { thread_id: b.id }), 1);
      assert.equal(await store.count('run_step', { thread_id: b.id }), 1);
      assert.deepEqual(await store.get('thread', b.id), b);
      assert.deepEqual(await store.get('assistant', assistant.id), assistant);
    });

    it('deletes a run with its steps but leaves the messages it wrote to the thread', async () => {
      const thread = make('thread');
      const run = make('run');
      await store.insert('thread', thread);
      await store.insert('run', run, { thread_id: thread.id });
      await store.insert('run_step', make('run_step'), { thread_id: thread.id, run_id: run.id });
      await store.insert('message', make('message'), { thread_id: thread.id, run_id: run.id });

      assert.equal(await store.delete('run', run.id), true);
      assert.equal(await store.count('run_step', { run_id: run.id }), 0);
      assert.equal(await store.count('message', { thread_id: thread.id, run_id: run.id }), 1);
    });

    it('deletes what a parent owns (vector store files)', async () => {
      const [vs, other] = [make('vector_store'), make('vector_store')];
      await store.insert('vector_store', vs);
      await store.insert('vector_store', other);
      await store.insert('vector_store_file', make('vector_store_file'), { parent_id: vs.id });
      await store.insert('vector_store_file', make('vector_store_file'), { parent_id: other.id });
      const file = make('file');
      await store.insert('file', file);

      await store.delete('vector_store', vs.id);
      assert.equal(await store.count('vector_store_file', { parent_id: vs.id }), 0);
      assert.equal(await store.count('vector_store_file', { parent_id: other.id }), 1);
      assert.deepEqual(await store.get('file', file.id), file);
    });
  });

  describe('list', () => {
    const threadScope: Scope = {};
    let expected: string[];

    /** 21 messages in one thread: three in an earlier second, inserted last, then 18 made in one second. */
    beforeEach(async () => {
      const thread = make('thread');
      await store.insert('thread', thread);
      threadScope.thread_id = thread.id;
      const sameSecond = Array.from({ length: 18 }, () => make('message'));
      const earlier = objectMaker(1_600_000_000_000);
      const older = Array.from({ length: 3 }, () => earlier('message'));
      // Insert out of order, so only (created_at, id) can explain the listing order.
      for (const m of [...sameSecond].reverse().concat(older)) await store.insert('message', m, { thread_id: thread.id });
      // Noise the scope must filter out.
      const otherThread = make('thread');
      await store.insert('thread', otherThread);
      for (let i = 0; i < 5; i++) await store.insert('message', make('message'), { thread_id: otherThread.id });
      expected = [...older, ...sameSecond].map((m) => m.id);
    });

    const ids = (page: { data: TestObject[] }) => page.data.map((m) => m.id);
    const list = async (page: PageQuery) => await store.list<TestObject>('message', threadScope, page);

    it('pages forward with after, asc, across pages, has_more false exactly at the end', async () => {
      const seen: string[] = [];
      const hasMore: boolean[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await list({ limit: 7, order: 'asc', ...(after ? { after } : {}) });
        seen.push(...ids(page));
        hasMore.push(page.has_more);
        if (!page.has_more) break;
        after = page.data.at(-1)!.id;
      }
      assert.deepEqual(seen, expected);
      // 21 = 3 × 7: the third page is the last, with no empty fourth page behind a true has_more.
      assert.deepEqual(hasMore, [true, true, false]);
    });

    it('pages forward with after, desc', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        const page = await list({ limit: 5, order: 'desc', ...(after ? { after } : {}) });
        pages++;
        seen.push(...ids(page));
        if (!page.has_more) break;
        after = page.data.at(-1)!.id;
      }
      assert.deepEqual(seen, [...expected].reverse());
      assert.equal(pages, 5);
    });

    it('pages back with before, returning the objects just before the cursor in list order', async () => {
      for (const order of ['asc', 'desc'] as const) {
        const inOrder = order === 'asc' ? expected : [...expected].reverse();
        const last = inOrder.at(-1)!;
        const seen: string[] = [];
        let before = last;
        for (;;) {
          const page = await list({ limit: 4, order, before });
          assert.ok(page.data.length <= 4);
          seen.unshift(...ids(page));
          if (!page.has_more) break;
          before = page.data[0]!.id;
        }
        assert.deepEqual(seen, inOrder.slice(0, -1), order);
      }
    });

    it('takes after and before together as a window', async () => {
      const page = await list({ limit: 100, order: 'asc', after: expected[2]!, before: expected[9]! });
      assert.deepEqual(ids(page), expected.slice(3, 9));
      assert.equal(page.has_more, false);
      const desc = await list({ limit: 3, order: 'desc', after: expected[9]!, before: expected[2]! });
      assert.deepEqual(ids(desc), [expected[8], expected[7], expected[6]]);
      assert.equal(desc.has_more, true);
    });

    it('reports has_more correctly at the edges', async () => {
      assert.equal((await list({ limit: 21, order: 'asc' })).has_more, false);
      assert.equal((await list({ limit: 20, order: 'asc' })).has_more, true);
      assert.equal((await list({ limit: 100, order: 'desc' })).data.length, 21);
      const end = await list({ limit: 5, order: 'asc', after: expected.at(-1)! });
      assert.deepEqual(end, { data: [], has_more: false });
      const start = await list({ limit: 5, order: 'asc', before: expected[0]! });
      assert.deepEqual(start, { data: [], has_more: false });
      assert.equal((await list({ limit: 1, order: 'asc', before: expected[1]! })).has_more, false);
      assert.equal((await list({ limit: 1, order: 'asc', before: expected[2]! })).has_more, true);
    });

    it('filters by every scope column given', async () => {
      const run = make('run');
      await store.insert('run', run, { thread_id: threadScope.thread_id! });
      const byRun = make('message');
      await store.insert('message', byRun, { thread_id: threadScope.thread_id!, run_id: run.id });
      const page = await store.list<TestObject>('message', { thread_id: threadScope.thread_id!, run_id: run.id }, { limit: 10, order: 'asc' });
      assert.deepEqual(ids(page), [byRun.id]);
      assert.equal(await store.count('message', { run_id: run.id }), 1);
      assert.equal(await store.count('message', threadScope), 22);
      assert.equal(await store.count('message', {}), 27);
      assert.equal((await store.list('thread', {}, { limit: 10, order: 'asc' })).data.length, 2);
    });

    it('rejects a cursor that is not in the list with a 400 naming the parameter', async () => {
      const stranger = (await store.list<TestObject>('message', {}, { limit: 100, order: 'asc' })).data.find((m) => !expected.includes(m.id))!;
      const cases: [PageQuery, 'after' | 'before'][] = [
        [{ limit: 5, order: 'asc', after: 'msg_nope' }, 'after'],
        [{ limit: 5, order: 'desc', before: 'msg_nope' }, 'before'],
        // An object of another thread is not in this list.
        [{ limit: 5, order: 'asc', after: stranger.id }, 'after'],
        // Nor is the thread itself.
        [{ limit: 5, order: 'asc', before: threadScope.thread_id! }, 'before'],
      ];
      for (const [query, param] of cases) {
        await assert.rejects(async () => list(query), (err: unknown) => {
          assert.ok(err instanceof DomainError);
          assert.equal(err.kind, 'invalid_input'); // answered as a 400 at the HTTP edge
          assert.equal(err.param, param);
          return true;
        });
      }
    });
  });

  describe('withStatus and count', () => {
    it('finds objects by their JSON status, following updates', async () => {
      const thread = make('thread');
      const runs = ['queued', 'in_progress', 'completed', 'requires_action'].map((status) => make('run', { status }));
      for (const run of runs) await store.insert('run', run, { thread_id: thread.id });
      await store.insert('message', make('message', { status: 'in_progress' }), { thread_id: thread.id });

      const live = async (): Promise<string[]> => (await store.withStatus<TestObject>('run', ['queued', 'in_progress', 'requires_action'])).map((r) => r.id);
      assert.deepEqual(await live(), [runs[0]!.id, runs[1]!.id, runs[3]!.id]);
      await store.update('run', { ...runs[1]!, status: 'failed' });
      assert.deepEqual(await live(), [runs[0]!.id, runs[3]!.id]);
      assert.deepEqual(await store.withStatus('run', []), []);
      assert.equal((await store.withStatus('message', ['in_progress'])).length, 1);
      assert.equal((await store.withStatus('thread', ['in_progress'])).length, 0);
    });

    it('finds them within one thread or run only, when given a scope', async () => {
      const [mine, other] = [make('thread'), make('thread')];
      const ours = make('run', { status: 'in_progress' });
      await store.insert('run', ours, { thread_id: mine.id });
      await store.insert('run', make('run', { status: 'in_progress' }), { thread_id: other.id });
      await store.insert('run', make('run', { status: 'completed' }), { thread_id: mine.id });
      const live = (scope: { thread_id?: string; run_id?: string }) => store.withStatus<TestObject>('run', ['in_progress'], scope);
      assert.deepEqual((await live({ thread_id: mine.id })).map((r) => r.id), [ours.id]);
      assert.equal((await live({})).length, 2);
      assert.deepEqual(await live({ thread_id: 'thread_nobody' }), []);
    });

    it('counts by kind and scope', async () => {
      const thread = make('thread');
      assert.equal(await store.count('message', { thread_id: thread.id }), 0);
      for (let i = 0; i < 3; i++) await store.insert('message', make('message'), { thread_id: thread.id });
      await store.insert('message', make('message'), { thread_id: 'thread_other' });
      assert.equal(await store.count('message', { thread_id: thread.id }), 3);
      assert.equal(await store.count('message', {}), 4);
      assert.equal(await store.count('run', {}), 0);
    });
  });

  describe('transactions', () => {
    it('rolls everything back when the function throws', async () => {
      const thread = make('thread');
      const kept = make('assistant');
      await store.insert('assistant', kept);
      await assert.rejects(
        async () =>
          await store.transaction(async () => {
            await store.insert('thread', thread);
            await store.update('assistant', { ...kept, n: 2 });
            await store.delete('assistant', kept.id);
            throw new Error('boom');
          }),
        /boom/,
      );
      assert.equal(await store.get('thread', thread.id), undefined);
      assert.deepEqual(await store.get('assistant', kept.id), kept);
    });

    it('commits and returns the value', async () => {
      const thread = make('thread');
      assert.equal(await store.transaction(async () => (await store.insert('thread', thread)).id), thread.id);
      assert.deepEqual(await store.get('thread', thread.id), thread);
    });

    it('nests: an inner failure caught inside rolls back only the inner part', async () => {
      const [outer, inner] = [make('thread'), make('thread')];
      await store.transaction(async () => {
        await store.insert('thread', outer);
        await assert.rejects(async () =>
          await store.transaction(async () => {
            await store.insert('thread', inner);
            throw new Error('inner');
          }),
        );
      });
      assert.deepEqual(await store.get('thread', outer.id), outer);
      assert.equal(await store.get('thread', inner.id), undefined);
      // The connection is usable afterwards: a new transaction starts cleanly.
      await store.transaction(async () => await store.insert('thread', inner));
      assert.deepEqual(await store.get('thread', inner.id), inner);
    });

    it('never shows other work a write it has not committed, or one it rolled back', async () => {
      const [kept, dropped] = [make('thread'), make('thread')];
      const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
      const paused = () => {
        let wrote!: () => void;
        return { inside: new Promise<void>((resolve) => (wrote = resolve)), wrote: () => wrote() };
      };
      const first = paused();
      let committed = false;
      const one = store.transaction(async () => {
        await store.insert('thread', kept);
        first.wrote();
        await pause();
        committed = true;
      });
      await first.inside;
      // Asked while the transaction is paused after its write: SQLite answers once it has committed
      // (its queries wait), PostgreSQL at once from before it (MVCC). Never the write alone.
      const seen = await store.get('thread', kept.id);
      if (seen !== undefined) assert.ok(committed, 'a read saw a write before its transaction committed');
      await one;
      assert.deepEqual(await store.get('thread', kept.id), kept);

      const second = paused();
      const two = store.transaction(async () => {
        await store.insert('thread', dropped);
        second.wrote();
        await pause();
        throw new Error('undo');
      });
      await second.inside;
      assert.equal(await store.get('thread', dropped.id), undefined, 'a write of a transaction that rolls back is never seen');
      await assert.rejects(two, /undo/);
      assert.equal(await store.get('thread', dropped.id), undefined);
      assert.equal(await store.count('thread', {}), 1);
    });
  });
});

describe(`ObjectStore persistence on ${driverUnderTest}`, () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('keeps every object across close and reopen, batched kinds included', async () => {
    const make = objectMaker();
    const thread = make('thread');
    const run = make('run', { status: 'in_progress' });
    const step = make('run_step', { status: 'in_progress' });

    let db = await openTestDatabase(tmp.dir);
    let store = createObjectStore(db);
    await store.insert('thread', thread);
    await store.insert('run', run, { thread_id: thread.id });
    await store.insert('run_step', step, { thread_id: thread.id, run_id: run.id });
    await store.update('run', { ...run, status: 'completed' });
    await db.close();
    // SQLite keeps it in the folder; on PostgreSQL the folder names the schema (store/open.ts).
    if (db.name !== 'postgres') assert.ok(existsSync(path.join(tmp.dir, 'tutor.sqlite')));

    db = await openTestDatabase(tmp.dir);
    store = createObjectStore(db);
    try {
      assert.equal(db.name, driverUnderTest);
      assert.deepEqual(await store.get('thread', thread.id), thread);
      assert.deepEqual(await store.get('run', run.id), { ...run, status: 'completed' });
      assert.deepEqual((await store.list('run_step', { run_id: run.id }, { limit: 10, order: 'asc' })).data, [step]);
      assert.deepEqual(await store.withStatus('run', ['completed']), [{ ...run, status: 'completed' }]);
    } finally {
      await db.close();
    }
  });

  it('refuses writes after close', async () => {
    const db = await openTestDatabase(tmp.dir);
    await db.close();
    await db.close(); // idempotent
    await assert.rejects(async () => createObjectStore(db).insert('thread', objectMaker()('thread')));
  });
});
