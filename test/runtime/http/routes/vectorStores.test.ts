import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toFile, type OpenAI } from 'openai';
import type { Embedder } from '../../../../src/runtime/fileSearch/types';
import { openFixture, type Fixture } from '../../fixture';

const ALGEBRA = '# Quadratics\n\nThe quadratic formula solves ax^2 + bx + c = 0: x = (-b ± sqrt(b^2 - 4ac)) / 2a.\nThe discriminant b^2 - 4ac tells how many real roots there are.\n';
const GEOMETRY = 'Pythagoras: in a right triangle the square of the hypotenuse equals the sum of the squares of the legs, a^2 + b^2 = c^2.\n';
const CALCULUS = 'Derivatives measure rates of change. The derivative of x^n is n x^(n-1), the power rule.\n';
/** Bytes no extractor reads as text (NULs and control bytes under a binary name). */
const BINARY = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256));

const status = (err: unknown) => (err as { status?: number }).status;
const param = (err: unknown) => (err as { param?: string }).param;

async function upload(client: OpenAI, name: string, text: string | Buffer) {
  return client.files.create({ file: await toFile(Buffer.from(text), name), purpose: 'assistants' });
}

/** An embedder that holds every call until released (or aborted), to catch ingestion mid-way. */
function heldEmbedder(): { embedder: Embedder; release: () => void; calls: () => number } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  return {
    embedder: {
      async embed(texts, signal) {
        calls++;
        await new Promise<void>((resolve, reject) => {
          void released.then(resolve);
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
        return texts.map((t) => [t.length % 7, 1, 0.5]);
      },
    },
    release: () => release(),
    calls: () => calls,
  };
}

describe('Vector Stores API', () => {
  let fx: Fixture;
  let now: number;
  beforeEach(async () => {
    now = Date.UTC(2025, 0, 1);
    fx = await openFixture({ clock: () => now });
  });
  afterEach(async function () {
    await fx.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(fx.violations, [], 'responses must match the OpenAPI spec');
  });

  it('creates, retrieves, modifies, lists and deletes stores', async () => {
    const { client } = fx;
    const created = await client.vectorStores.create({ name: 'Algebra notes', metadata: { course: 'math-101' } });
    assert.match(created.id, /^vs_/);
    assert.deepEqual(
      [created.object, created.name, created.status, created.usage_bytes, created.file_counts, created.expires_at, created.last_active_at, created.metadata],
      ['vector_store', 'Algebra notes', 'completed', 0, { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 }, null, Math.floor(now / 1000), { course: 'math-101' }],
    );
    assert.equal((await client.vectorStores.retrieve(created.id)).name, 'Algebra notes');
    const renamed = await client.vectorStores.update(created.id, { name: 'Quadratics', expires_after: { anchor: 'last_active_at', days: 3 } });
    assert.equal(renamed.name, 'Quadratics');
    assert.equal(renamed.expires_at, renamed.last_active_at! + 3 * 86_400);

    const second = await client.vectorStores.create({});
    const third = await client.vectorStores.create({ name: 'Third' });
    assert.equal(second.name, '');
    const firstPage = await client.vectorStores.list({ limit: 2 });
    assert.deepEqual(firstPage.data.map((v) => v.id), [third.id, second.id]);
    assert.equal(firstPage.has_more, true);
    const nextPage = await client.vectorStores.list({ limit: 2, after: second.id });
    assert.deepEqual(nextPage.data.map((v) => v.id), [created.id]);
    const all = [];
    for await (const v of client.vectorStores.list({ limit: 1, order: 'asc' })) all.push(v.id);
    assert.deepEqual(all, [created.id, second.id, third.id]);

    assert.deepEqual(await client.vectorStores.delete(second.id), { id: second.id, object: 'vector_store.deleted', deleted: true });
    await assert.rejects(client.vectorStores.retrieve(second.id), (err) => status(err) === 404 && /No vector store found with id/.test((err as Error).message));
    await assert.rejects(client.vectorStores.create({ name: 'x', expires_after: { anchor: 'last_active_at', days: 0 } }), (err) => status(err) === 400 && param(err) === 'expires_after.days');
    await assert.rejects(client.vectorStores.create({ file_ids: ['file-nope'] }), (err) => status(err) === 404 && param(err) === 'file_ids[0]');
  });

  it('ingests files in the background, lists them by status with paging, and removes them', async () => {
    const { client, runtime } = fx;
    const algebra = await upload(client, 'algebra.md', ALGEBRA);
    const geometry = await upload(client, 'geometry.txt', GEOMETRY);
    const calculus = await upload(client, 'calculus.txt', CALCULUS);
    const vs = await client.vectorStores.create({ name: 'Math', file_ids: [algebra.id] });
    assert.equal(vs.status, 'in_progress', 'ingestion runs after the call returns');
    assert.equal(vs.file_counts.in_progress, 1);

    const added = await client.vectorStores.files.create(vs.id, {
      file_id: geometry.id, attributes: { topic: 'geometry', grade: 8 }, chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 } },
    });
    assert.deepEqual([added.id, added.object, added.vector_store_id, added.status, added.last_error], [geometry.id, 'vector_store.file', vs.id, 'in_progress', null]);
    assert.deepEqual(added.chunking_strategy, { type: 'static', static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 } });
    const polled = await client.vectorStores.files.createAndPoll(vs.id, { file_id: calculus.id });
    assert.equal(polled.status, 'completed');
    assert.deepEqual(polled.chunking_strategy, { type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } }, 'auto is 800/400');
    await runtime.vectorStores.idle();

    const ready = await client.vectorStores.retrieve(vs.id);
    assert.equal(ready.status, 'completed');
    assert.deepEqual(ready.file_counts, { in_progress: 0, completed: 3, failed: 0, cancelled: 0, total: 3 });
    assert.ok(ready.usage_bytes > 0);
    const retrieved = await client.vectorStores.files.retrieve(geometry.id, { vector_store_id: vs.id });
    assert.equal(retrieved.status, 'completed');
    assert.ok(retrieved.usage_bytes > 0);
    assert.deepEqual(retrieved.attributes, { topic: 'geometry', grade: 8 });

    const page1 = await client.vectorStores.files.list(vs.id, { limit: 2, order: 'asc' });
    assert.deepEqual(page1.data.map((f) => f.id), [algebra.id, geometry.id]);
    assert.equal(page1.has_more, true);
    const page2 = await client.vectorStores.files.list(vs.id, { limit: 2, order: 'asc', after: geometry.id });
    assert.deepEqual(page2.data.map((f) => f.id), [calculus.id]);
    const before = await client.vectorStores.files.list(vs.id, { limit: 1, order: 'asc', before: calculus.id });
    assert.deepEqual(before.data.map((f) => f.id), [geometry.id]);
    const completed = await client.vectorStores.files.list(vs.id, { filter: 'completed', limit: 1, after: calculus.id });
    assert.deepEqual(completed.data.map((f) => f.id), [geometry.id], 'filtered pages follow the cursor in list order (desc)');
    assert.equal((await client.vectorStores.files.list(vs.id, { filter: 'failed' })).data.length, 0);

    const updated = await client.vectorStores.files.update(algebra.id, { vector_store_id: vs.id, attributes: { topic: 'algebra' } });
    assert.deepEqual(updated.attributes, { topic: 'algebra' });
    const content = await client.vectorStores.files.content(geometry.id, { vector_store_id: vs.id });
    const parts = [];
    for await (const part of content) parts.push(part);
    assert.match(parts.map((p) => p.text).join(''), /hypotenuse/);

    const deleted = await client.vectorStores.files.delete(geometry.id, { vector_store_id: vs.id });
    assert.deepEqual(deleted, { id: geometry.id, object: 'vector_store.file.deleted', deleted: true });
    await assert.rejects(client.vectorStores.files.retrieve(geometry.id, { vector_store_id: vs.id }), (err) => status(err) === 404);
    const after = await client.vectorStores.retrieve(vs.id);
    assert.deepEqual(after.file_counts, { in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 });
    assert.ok(after.usage_bytes < ready.usage_bytes);
    assert.equal((await client.files.retrieve(geometry.id)).id, geometry.id, 'the File itself stays');
    const hits = await client.vectorStores.search(vs.id, { query: 'hypotenuse' });
    assert.ok(hits.data.every((h) => h.file_id !== geometry.id), 'a removed file is no longer searched');

    await assert.rejects(client.vectorStores.files.create(vs.id, { file_id: 'file-missing' }), (err) => status(err) === 404 && param(err) === 'file_id');
    await assert.rejects(
      client.vectorStores.files.create(vs.id, { file_id: algebra.id, chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 80 } } }),
      (err) => status(err) === 400 && param(err) === 'chunking_strategy.static',
    );
    await assert.rejects(client.vectorStores.files.list('vs_missing'), (err) => status(err) === 404);
  });

  it('settles a batch with one bad file: that file fails with last_error, the others complete', async () => {
    const { client } = fx;
    const vs = await client.vectorStores.create({ name: 'Mixed' });
    const good1 = await upload(client, 'algebra.md', ALGEBRA);
    const good2 = await upload(client, 'geometry.txt', GEOMETRY);
    const bad = await upload(client, 'blob.bin', BINARY);
    const batch = await client.vectorStores.fileBatches.createAndPoll(vs.id, { file_ids: [good1.id, bad.id, good2.id], attributes: { source: 'upload' } });
    assert.match(batch.id, /^vsfb_/);
    assert.deepEqual([batch.object, batch.vector_store_id, batch.status], ['vector_store.files_batch', vs.id, 'completed']);
    assert.deepEqual(batch.file_counts, { in_progress: 0, completed: 2, failed: 1, cancelled: 0, total: 3 });

    const failed = await client.vectorStores.fileBatches.listFiles(batch.id, { vector_store_id: vs.id, filter: 'failed' });
    assert.deepEqual(failed.data.map((f) => f.id), [bad.id]);
    const error = failed.data[0]!.last_error!;
    assert.ok(['unsupported_file', 'invalid_file'].includes(error.code), error.code);
    assert.ok(error.message.length > 0);
    const inBatch = await client.vectorStores.fileBatches.listFiles(batch.id, { vector_store_id: vs.id, order: 'asc' });
    assert.deepEqual(inBatch.data.map((f) => f.id), [good1.id, good2.id, bad.id], 'files added in one second list by id, like every list');
    assert.deepEqual(inBatch.data[0]!.attributes, { source: 'upload' });
    assert.deepEqual((await client.vectorStores.retrieve(vs.id)).file_counts, { in_progress: 0, completed: 2, failed: 1, cancelled: 0, total: 3 });
    assert.equal((await client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: vs.id })).status, 'completed');
    await assert.rejects(client.vectorStores.fileBatches.cancel(batch.id, { vector_store_id: vs.id }), (err) => status(err) === 400);

    const uploaded = await client.vectorStores.fileBatches.uploadAndPoll(vs.id, { files: [await toFile(Buffer.from(CALCULUS), 'calculus.txt')], fileIds: [good1.id] });
    assert.equal(uploaded.status, 'completed');
    assert.deepEqual(uploaded.file_counts, { in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 });

    await assert.rejects(client.vectorStores.fileBatches.create(vs.id, {} as never), (err) => status(err) === 400);
    await assert.rejects(client.vectorStores.fileBatches.create(vs.id, { file_ids: [good1.id], files: [{ file_id: good2.id }] }), (err) => status(err) === 400);
    await assert.rejects(client.vectorStores.fileBatches.retrieve('vsfb_missing', { vector_store_id: vs.id }), (err) => status(err) === 404);
  });

  it('keeps the same file in two stores apart, and deleting a store takes its files and batches with it', async () => {
    const { client, runtime } = fx;
    const file = await upload(client, 'algebra.md', ALGEBRA);
    const a = await client.vectorStores.create({ name: 'A', file_ids: [file.id] });
    const b = await client.vectorStores.create({ name: 'B' });
    const batch = await client.vectorStores.fileBatches.create(b.id, { files: [{ file_id: file.id, attributes: { store: 'b' } }] });
    await runtime.vectorStores.idle();
    const inA = await client.vectorStores.files.retrieve(file.id, { vector_store_id: a.id });
    const inB = await client.vectorStores.files.retrieve(file.id, { vector_store_id: b.id });
    assert.deepEqual([inA.id, inA.vector_store_id, inA.status], [file.id, a.id, 'completed']);
    assert.deepEqual([inB.id, inB.vector_store_id, inB.status, inB.attributes], [file.id, b.id, 'completed', { store: 'b' }]);
    assert.deepEqual((await client.vectorStores.files.list(a.id)).data.map((f) => f.vector_store_id), [a.id]);

    await client.vectorStores.files.delete(file.id, { vector_store_id: a.id });
    assert.equal((await client.vectorStores.files.retrieve(file.id, { vector_store_id: b.id })).status, 'completed', 'removing it from A leaves B alone');
    assert.equal((await client.vectorStores.search(b.id, { query: 'quadratic formula' })).data[0]?.file_id, file.id);

    await client.vectorStores.delete(b.id);
    await assert.rejects(client.vectorStores.files.list(b.id), (err) => status(err) === 404);
    await assert.rejects(client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: b.id }), (err) => status(err) === 404);
    assert.equal(await runtime.store.get('vector_store_file', file.id, { parent_id: b.id }), undefined, 'its rows are gone');
    assert.equal(await runtime.store.get('vector_store_file_batch', batch.id), undefined);
    assert.equal((await client.files.retrieve(file.id)).id, file.id);
  });

  it('searches with a string or several queries, a result limit, a score threshold and attribute filters', async () => {
    const { client, runtime } = fx;
    const vs = await client.vectorStores.create({ name: 'Search' });
    const algebra = await upload(client, 'algebra.md', ALGEBRA);
    const geometry = await upload(client, 'geometry.txt', GEOMETRY);
    await client.vectorStores.fileBatches.createAndPoll(vs.id, {
      files: [{ file_id: algebra.id, attributes: { topic: 'algebra', grade: 9 } }, { file_id: geometry.id, attributes: { topic: 'geometry', grade: 8 } }],
    });
    await runtime.vectorStores.idle();

    const page = await client.vectorStores.search(vs.id, { query: 'quadratic formula discriminant' });
    assert.equal(page.data[0]?.file_id, algebra.id);
    assert.equal(page.data[0]?.filename, 'algebra.md');
    assert.deepEqual(page.data[0]?.attributes, { topic: 'algebra', grade: 9 });
    assert.match(page.data[0]!.content[0]!.text, /quadratic formula/);
    assert.ok(page.data.every((r) => r.score >= 0 && r.score <= 1));

    const both = await client.vectorStores.search(vs.id, { query: ['quadratic formula', 'hypotenuse'], max_num_results: 1 });
    assert.equal(both.data.length, 1);
    const many = await client.vectorStores.search(vs.id, { query: ['quadratic formula', 'hypotenuse'] });
    assert.deepEqual(new Set(many.data.map((r) => r.file_id)), new Set([algebra.id, geometry.id]));

    const filtered = await client.vectorStores.search(vs.id, { query: ['quadratic formula', 'hypotenuse'], filters: { type: 'lt', key: 'grade', value: 9 } });
    assert.deepEqual([...new Set(filtered.data.map((r) => r.file_id))], [geometry.id]);
    const compound = await client.vectorStores.search(vs.id, {
      query: ['quadratic formula', 'hypotenuse'], filters: { type: 'and', filters: [{ type: 'in', key: 'topic', value: ['algebra', 'calculus'] }, { type: 'gte', key: 'grade', value: 9 }] },
    });
    assert.deepEqual([...new Set(compound.data.map((r) => r.file_id))], [algebra.id]);
    const strict = await client.vectorStores.search(vs.id, { query: 'quadratic formula', ranking_options: { score_threshold: 1 } });
    assert.ok(strict.data.every((r) => r.score >= 1));

    await assert.rejects(client.vectorStores.search(vs.id, { query: '' }), (err) => status(err) === 400 && param(err) === 'query');
    await assert.rejects(client.vectorStores.search(vs.id, { query: 'x', max_num_results: 51 }), (err) => status(err) === 400 && param(err) === 'max_num_results');
    await assert.rejects(client.vectorStores.search('vs_missing', { query: 'x' }), (err) => status(err) === 404);
  });

  it('expires a store once its expires_after has passed without use', async () => {
    const { client, runtime } = fx;
    const file = await upload(client, 'algebra.md', ALGEBRA);
    const vs = await client.vectorStores.create({ name: 'Short-lived', file_ids: [file.id], expires_after: { anchor: 'last_active_at', days: 1 } });
    await runtime.vectorStores.idle();
    assert.equal(vs.expires_at, Math.floor(now / 1000) + 86_400);

    now += 12 * 3_600_000;
    await client.vectorStores.search(vs.id, { query: 'quadratic' });
    const used = await client.vectorStores.retrieve(vs.id);
    assert.equal(used.status, 'completed');
    assert.equal(used.last_active_at, Math.floor(now / 1000), 'a search is activity');
    assert.equal(used.expires_at, Math.floor(now / 1000) + 86_400, 'activity pushes expiry back');

    now += 25 * 3_600_000;
    const expired = await client.vectorStores.retrieve(vs.id);
    assert.equal(expired.status, 'expired');
    assert.equal((await client.vectorStores.list()).data[0]?.status, 'expired');
    await assert.rejects(client.vectorStores.search(vs.id, { query: 'quadratic' }), (err) => status(err) === 400 && /expired/.test((err as Error).message));
    await assert.rejects(client.vectorStores.files.create(vs.id, { file_id: file.id }), (err) => status(err) === 400);
    assert.equal((await client.vectorStores.delete(vs.id)).deleted, true, 'an expired store can still be deleted');
  });

  it('gives a thread a vector store for file_search attachments, and resolves the vector_stores helper', async () => {
    const { client, runtime } = fx;
    const algebra = await upload(client, 'algebra.md', ALGEBRA);
    const geometry = await upload(client, 'geometry.txt', GEOMETRY);
    const thread = await client.beta.threads.create({
      messages: [{ role: 'user', content: 'Explain my notes', attachments: [{ file_id: algebra.id, tools: [{ type: 'file_search' }] }] }],
    });
    const [storeId] = thread.tool_resources?.file_search?.vector_store_ids ?? [];
    assert.ok(storeId, 'the thread got a vector store');
    const vs = await client.vectorStores.retrieve(storeId);
    assert.deepEqual(vs.expires_after, { anchor: 'last_active_at', days: 7 });

    await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'and this', attachments: [{ file_id: geometry.id, tools: [{ type: 'file_search' }, { type: 'code_interpreter' }] }] });
    await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'code only', attachments: [{ file_id: geometry.id, tools: [{ type: 'code_interpreter' }] }] });
    await runtime.vectorStores.idle();
    assert.deepEqual((await client.beta.threads.retrieve(thread.id)).tool_resources?.file_search?.vector_store_ids, [storeId], 'one store per thread');
    const files = await client.vectorStores.files.list(storeId, { order: 'asc' });
    assert.deepEqual(files.data.map((f) => [f.id, f.status]), [[algebra.id, 'completed'], [geometry.id, 'completed']]);

    const helped = await client.beta.threads.create({ tool_resources: { file_search: { vector_stores: [{ file_ids: [geometry.id], metadata: { from: 'helper' } }] } } });
    const [helperStore] = helped.tool_resources?.file_search?.vector_store_ids ?? [];
    assert.ok(helperStore);
    assert.deepEqual((await client.vectorStores.retrieve(helperStore)).metadata, { from: 'helper' });
    assert.equal((helped.tool_resources?.file_search as Record<string, unknown>).vector_stores, undefined);
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_stores: [{ file_ids: [algebra.id] }] } } });
    const [assistantStore] = assistant.tool_resources?.file_search?.vector_store_ids ?? [];
    await runtime.vectorStores.idle();
    assert.equal((await client.vectorStores.retrieve(assistantStore!)).file_counts.completed, 1);
    await assert.rejects(
      client.beta.assistants.create({ model: 'gpt-4o', tool_resources: { file_search: { vector_store_ids: [storeId], vector_stores: [{ file_ids: [] }] } } }),
      (err) => status(err) === 400,
    );
  });

  it('cancels a batch: files still being indexed become cancelled, and the batch counts them', async () => {
    await fx.close();
    const held = heldEmbedder();
    fx = await openFixture({ embedder: held.embedder });
    const { client, runtime } = fx;
    const vs = await client.vectorStores.create({ name: 'Held' });
    const files = await Promise.all([upload(client, 'a.md', ALGEBRA), upload(client, 'b.txt', GEOMETRY), upload(client, 'c.txt', CALCULUS)]);
    const batch = await client.vectorStores.fileBatches.create(vs.id, { file_ids: files.map((f) => f.id) });
    assert.equal(batch.status, 'in_progress');
    await waitFor(() => held.calls() > 0);
    const cancelled = await client.vectorStores.fileBatches.cancel(batch.id, { vector_store_id: vs.id });
    assert.equal(cancelled.status, 'cancelled');
    assert.deepEqual(cancelled.file_counts, { in_progress: 0, completed: 0, failed: 0, cancelled: 3, total: 3 });
    held.release();
    await runtime.vectorStores.idle();
    const listed = await client.vectorStores.fileBatches.listFiles(batch.id, { vector_store_id: vs.id });
    assert.deepEqual(listed.data.map((f) => f.status), ['cancelled', 'cancelled', 'cancelled']);
    assert.equal((await client.vectorStores.retrieve(vs.id)).status, 'completed');
    assert.equal((await client.vectorStores.search(vs.id, { query: 'quadratic' })).data.length, 0, 'nothing cancelled is searchable');
  });
});

describe('Vector store recovery after a crash', () => {
  it('resumes files a stopped runtime left in progress, and fails those interrupted twice', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tutor-vs-'));
    try {
      // First run: the batch is caught mid-ingestion when the runtime stops.
      const held = heldEmbedder();
      let fx = await openFixture({ dataDir, embedder: held.embedder });
      const vs = await fx.client.vectorStores.create({ name: 'Interrupted' });
      const files = await Promise.all([upload(fx.client, 'a.md', ALGEBRA), upload(fx.client, 'b.txt', GEOMETRY)]);
      const batch = await fx.client.vectorStores.fileBatches.create(vs.id, { file_ids: files.map((f) => f.id) });
      await waitFor(() => held.calls() > 0);
      await fx.close();

      // Second run: recovery resumes them, and the batch completes.
      fx = await openFixture({ dataDir });
      const resumed = await fx.client.vectorStores.fileBatches.poll(vs.id, batch.id, { pollIntervalMs: 10 });
      assert.equal(resumed.status, 'completed');
      assert.deepEqual(resumed.file_counts, { in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 });
      assert.ok((await fx.client.vectorStores.search(vs.id, { query: 'quadratic formula' })).data.length > 0);
      const violations = [...fx.violations];
      await fx.close();
      assert.deepEqual(violations, []);

      // A file interrupted again after its resume fails instead of being retried forever.
      const again = heldEmbedder();
      fx = await openFixture({ dataDir, embedder: again.embedder });
      const next = await fx.client.vectorStores.fileBatches.create(vs.id, { file_ids: [files[0]!.id] });
      await waitFor(() => again.calls() > 0);
      await fx.close();
      const stillHeld = heldEmbedder();
      fx = await openFixture({ dataDir, embedder: stillHeld.embedder });
      await waitFor(() => stillHeld.calls() > 0);
      await fx.close();
      fx = await openFixture({ dataDir });
      const settled = await fx.client.vectorStores.fileBatches.retrieve(next.id, { vector_store_id: vs.id });
      assert.equal(settled.status, 'completed', 'no batch stays in_progress');
      assert.deepEqual(settled.file_counts, { in_progress: 0, completed: 0, failed: 1, cancelled: 0, total: 1 });
      const file = await fx.client.vectorStores.files.retrieve(files[0]!.id, { vector_store_id: vs.id });
      assert.equal(file.last_error?.code, 'server_error');
      await fx.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
