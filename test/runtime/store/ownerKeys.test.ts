import * as assert from 'node:assert/strict';
import { createObjectStore } from '../../../src/runtime/store/objectStore';
import type { ObjectStore, SqlDriver } from '../../../src/runtime/store/types';
import { driverUnderTest, openTestDatabase } from './helpers';

interface StoreFile {
  id: string;
  object: string;
  created_at: number;
  vector_store_id: string;
  status: string;
}

const file = (id: string, vector_store_id: string, created_at = 100): StoreFile => ({ id, object: 'vector_store.file', created_at, vector_store_id, status: 'completed' });

describe(`ObjectStore kinds keyed by owner on ${driverUnderTest}`, () => {
  let db: SqlDriver;
  let store: ObjectStore;
  beforeEach(async () => {
    db = await openTestDatabase();
    store = createObjectStore(db);
  });
  afterEach(() => db.close());

  it('keeps one File id in several vector stores apart, each reached through its store', async () => {
    await store.insert('vector_store_file', file('file-a', 'vs_1'), { parent_id: 'vs_1' });
    await store.insert('vector_store_file', file('file-a', 'vs_2'), { parent_id: 'vs_2' });
    assert.equal((await store.get<StoreFile>('vector_store_file', 'file-a', { parent_id: 'vs_1' }))?.vector_store_id, 'vs_1');
    assert.equal((await store.get<StoreFile>('vector_store_file', 'file-a', { parent_id: 'vs_2' }))?.id, 'file-a', 'the body keeps the API id');

    await store.update('vector_store_file', { ...file('file-a', 'vs_2'), status: 'failed' }, { scope: { parent_id: 'vs_2' } });
    assert.equal((await store.get<StoreFile>('vector_store_file', 'file-a', { parent_id: 'vs_1' }))?.status, 'completed');
    assert.equal((await store.get<StoreFile>('vector_store_file', 'file-a', { parent_id: 'vs_2' }))?.status, 'failed');

    assert.equal(await store.delete('vector_store_file', 'file-a', { parent_id: 'vs_1' }), true);
    assert.equal(await store.get('vector_store_file', 'file-a', { parent_id: 'vs_1' }), undefined);
    assert.ok(await store.get('vector_store_file', 'file-a', { parent_id: 'vs_2' }));
  });

  it('pages within one store with file ids as cursors', async () => {
    for (const id of ['file-a', 'file-b', 'file-c']) await store.insert('vector_store_file', file(id, 'vs_1'), { parent_id: 'vs_1' });
    await store.insert('vector_store_file', file('file-b', 'vs_2'), { parent_id: 'vs_2' });
    const scope = { parent_id: 'vs_1' };
    const page = await store.list<StoreFile>('vector_store_file', scope, { limit: 1, order: 'asc', after: 'file-a' });
    assert.deepEqual([page.data.map((f) => f.id), page.has_more], [['file-b'], true]);
    const back = await store.list<StoreFile>('vector_store_file', scope, { limit: 5, order: 'desc', before: 'file-a' });
    assert.deepEqual(back.data.map((f) => f.id), ['file-c', 'file-b']);
    await assert.rejects(async () => await store.list('vector_store_file', scope, { limit: 5, order: 'asc', after: 'file-z' }), /'after' must be the id of an object in this list/);
  });

  it('refuses to touch an owner-keyed object without its owner (a programming error, not a lookup miss)', async () => {
    await assert.rejects(async () => await store.insert('vector_store_file', file('file-a', 'vs_1')), /pass scope\.parent_id/);
    await assert.rejects(async () => await store.get('vector_store_file', 'file-a'), /pass scope\.parent_id/);
  });

  it('deletes a store’s files with the store', async () => {
    await store.insert('vector_store', { id: 'vs_1', object: 'vector_store', created_at: 100 });
    await store.insert('vector_store_file', file('file-a', 'vs_1'), { parent_id: 'vs_1' });
    await store.insert('vector_store_file', file('file-a', 'vs_2'), { parent_id: 'vs_2' });
    await store.delete('vector_store', 'vs_1');
    assert.equal(await store.count('vector_store_file', { parent_id: 'vs_1' }), 0);
    assert.equal(await store.count('vector_store_file', { parent_id: 'vs_2' }), 1);
  });
});
