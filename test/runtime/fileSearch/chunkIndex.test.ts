import * as assert from 'node:assert/strict';
import { createOpenAICompatibleProvider } from '../../../src/providers/openaiCompatible';
import type { Logger } from '../../../src/runtime/domain/clock';
import { chunkText } from '../../../src/runtime/fileSearch/chunk';
import { createChunkIndex, type ChunkIndexOptions } from '../../../src/runtime/fileSearch/chunkIndex';
import { EMBEDDINGS_RETRY_MS, providerEmbedder } from '../../../src/runtime/fileSearch/embeddings';
import { extractText } from '../../../src/runtime/fileSearch/extract';
import type { ChunkIndex, SearchHit } from '../../../src/runtime/fileSearch/types';
import { openDatabase } from '../../../src/runtime/store/open';
import { SCHEMA_VERSION } from '../../../src/runtime/store/schema';
import type { SqlDriver } from '../../../src/runtime/store/types';
import { type FakeModel, startFakeModel } from '../../../harness/fakeModel';
import { driverUnderTest, eventually, openTestDatabase, tempDir } from '../store/helpers';
import { corpusFiles } from './corpus';

const NOTES = {
  calculus: 'The chain rule: the derivative of f(g(x)) is f prime of g(x) times g prime of x. Integration by parts undoes the product rule.',
  algebra: 'Eigenvalues solve det(A - lambda I) = 0, the characteristic polynomial. Eigenvectors are only stretched by the matrix.',
  code: 'function binarySearch(items, target) { /* halve the interval each step: logarithmic time */ }',
  proofs: 'Proof by induction: a base case, then an inductive step from k to k + 1. Strong induction assumes all smaller cases.',
};

/** A logger that keeps what it is told. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, warn: (m) => void warnings.push(m), error: (m) => void warnings.push(`error: ${m}`) };
}

const search = (index: ChunkIndex, stores: string[], query: string, maxResults = 20, scoreThreshold = 0) =>
  index.search(stores, query, { maxResults, scoreThreshold });

const files = (hits: SearchHit[]) => hits.map((h) => h.file_id);

describe(`chunk index on ${driverUnderTest}`, () => {
  let db: SqlDriver;
  let fake: FakeModel;
  const open = (options: Partial<ChunkIndexOptions> = {}) => createChunkIndex({ driver: db, ...options });
  const embedderOf = (model: FakeModel) => providerEmbedder(createOpenAICompatibleProvider({ baseURL: model.url, maxRetries: 0 }))!;

  beforeEach(async () => {
    db = await openTestDatabase();
    fake = await startFakeModel();
  });
  afterEach(async () => {
    await db.close();
    await fake.close();
  });

  /** Chunks stored with a float32 vector of `dimensions` entries. */
  async function vectorsOfLength(dimensions: number): Promise<number> {
    return Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM chunks WHERE length(embedding) = ?', [dimensions * 4]))!.n);
  }

  async function addNotes(index: ChunkIndex, store = 'vs_a', notes: Record<string, string> = NOTES): Promise<void> {
    for (const [id, text] of Object.entries(notes)) await index.add(store, `file-${id}`, `${id}.md`, chunkText(text));
  }

  it('finds the chunk that answers, with its file, position and a score in [0, 1]', async () => {
    const index = open();
    await addNotes(index);
    const hits = await search(index, ['vs_a'], 'characteristic polynomial of a matrix');
    assert.equal(hits[0]!.file_id, 'file-algebra');
    assert.deepEqual({ ...hits[0]!, score: undefined }, {
      vector_store_id: 'vs_a', file_id: 'file-algebra', filename: 'algebra.md', score: undefined,
      text: NOTES.algebra, chunk_index: 0, start: 0, end: NOTES.algebra.length,
    });
    assert.equal(hits[0]!.score, 1, 'first in the only ranking');
    for (const [i, hit] of hits.entries()) {
      assert.ok(hit.score > 0 && hit.score <= 1);
      if (i > 0) assert.ok(hit.score <= hits[i - 1]!.score, 'best first');
    }
  });

  it('finds code by the words of its identifiers', async () => {
    const index = open();
    await addNotes(index);
    assert.deepEqual(files(await search(index, ['vs_a'], 'binary search')), ['file-code']);
  });

  it('returns chunk offsets that point into the extracted text', async () => {
    const file = corpusFiles().find((f) => f.path === 'calculus/taylor-series.md')!;
    const text = await extractText(file.path, file.bytes);
    const index = open();
    await index.add('vs_a', 'file-taylor', 'taylor-series.md', chunkText(text, { max_chunk_size_tokens: 100, chunk_overlap_tokens: 20 }));
    const hits = await search(index, ['vs_a'], 'Lagrange remainder error bound');
    assert.ok(hits.length > 1);
    assert.match(hits[0]!.text, /Lagrange/);
    for (const hit of hits) assert.equal(text.slice(hit.start, hit.end), hit.text);
    assert.deepEqual([...new Set(hits.map((h) => h.chunk_index))].length, hits.length);
  });

  it('honours maxResults and scoreThreshold', async () => {
    const index = open();
    for (let i = 0; i < 30; i++) await index.add('vs_a', `file-${i}`, `n${i}.md`, chunkText(`note ${i} about induction ${'and proofs '.repeat(i % 5)}`));
    assert.equal((await search(index, ['vs_a'], 'induction proofs', 20)).length, 20);
    assert.equal((await search(index, ['vs_a'], 'induction proofs', 3)).length, 3);
    assert.deepEqual(await search(index, ['vs_a'], 'induction proofs', 0), []);
    const all = await search(index, ['vs_a'], 'induction proofs', 50);
    assert.equal(all.length, 30);
    const threshold = all[9]!.score;
    const above = await search(index, ['vs_a'], 'induction proofs', 50, threshold);
    assert.ok(above.length >= 10 && above.length < 30);
    assert.ok(above.every((h) => h.score >= threshold));
    assert.deepEqual(await search(index, ['vs_a'], 'induction proofs', 50, 1.01), []);
  });

  it('returns nothing for a query with no matching words, and for an unknown store', async () => {
    const index = open();
    await addNotes(index);
    assert.deepEqual(await search(index, ['vs_a'], 'zebra xylophone'), []);
    assert.deepEqual(await search(index, ['vs_a'], 'the of and'), []);
    assert.deepEqual(await search(index, ['vs_unknown'], 'induction'), []);
  });

  it('searches several vector stores at once, merging their results', async () => {
    const index = open();
    await addNotes(index, 'vs_assistant', { calculus: NOTES.calculus, algebra: NOTES.algebra });
    await addNotes(index, 'vs_thread', { proofs: NOTES.proofs, code: NOTES.code });
    const hits = await search(index, ['vs_assistant', 'vs_thread', 'vs_thread'], 'strong induction, chain rule');
    assert.deepEqual(new Set(hits.map((h) => `${h.vector_store_id}/${h.file_id}`)), new Set(['vs_thread/file-proofs', 'vs_assistant/file-calculus']));
    assert.deepEqual(files(await search(index, ['vs_thread'], 'chain rule')), []);
  });

  it('keeps a searched store in step with add, re-add and remove', async () => {
    const index = open();
    await addNotes(index);
    assert.deepEqual(files(await search(index, ['vs_a'], 'fourier')), []);
    await index.add('vs_a', 'file-fourier', 'fourier.md', chunkText('Series of a square wave'));
    assert.deepEqual(files(await search(index, ['vs_a'], 'square wave')), ['file-fourier']);
    await index.add('vs_a', 'file-fourier', 'fourier.md', chunkText('Laplace transforms instead'));
    assert.deepEqual(files(await search(index, ['vs_a'], 'square wave')), [], 're-adding replaces the old chunks');
    assert.deepEqual(files(await search(index, ['vs_a'], 'laplace')), ['file-fourier']);
    await index.remove('vs_a', 'file-fourier');
    assert.deepEqual(files(await search(index, ['vs_a'], 'laplace')), []);
    assert.equal((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM chunks WHERE file_id = 'file-fourier'"))!.n, 0);
    await index.remove('vs_a', 'file-never-added');
  });

  it('drops a whole store, leaving the others', async () => {
    const index = open();
    await addNotes(index, 'vs_a');
    await addNotes(index, 'vs_b');
    await search(index, ['vs_a', 'vs_b'], 'induction');
    await index.dropStore('vs_a');
    assert.deepEqual(await search(index, ['vs_a'], 'induction'), []);
    assert.equal((await search(index, ['vs_a', 'vs_b'], 'induction'))[0]!.vector_store_id, 'vs_b');
    assert.equal(Number((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM chunks WHERE vector_store_id = 'vs_a'"))!.n), 0);
    // Removal before the store was ever searched (nothing in memory yet) works the same.
    const fresh = open();
    await fresh.dropStore('vs_b');
    assert.deepEqual(await search(fresh, ['vs_b'], 'induction'), []);
  });

  it('stores embeddings and ranks with them beside BM25 when the provider has them', async () => {
    const index = open({ embedder: embedderOf(fake) });
    const { usageBytes } = await index.add('vs_a', 'file-algebra', 'algebra.md', chunkText(NOTES.algebra));
    await addNotes(index, 'vs_a', { calculus: NOTES.calculus, proofs: NOTES.proofs });
    const blob = (await db.get<{ embedding: Uint8Array }>("SELECT embedding FROM chunks WHERE file_id = 'file-algebra'"))!.embedding;
    assert.equal(blob.length, 256 * 4, 'float32 per dimension');
    assert.equal(usageBytes, Buffer.byteLength(NOTES.algebra) + 256 * 4);
    const hits = await search(index, ['vs_a'], 'eigenvalues of a matrix');
    assert.equal(hits[0]!.file_id, 'file-algebra');
    assert.equal(hits[0]!.score, 1, 'first by keywords and by embedding');
    const embeddingRequests = fake.requests.filter((r) => r.path.endsWith('/embeddings'));
    assert.equal(embeddingRequests.length, 4, 'three files and the query');
    assert.deepEqual(embeddingRequests.at(-1)!.body.input, ['eigenvalues of a matrix']);
    assert.equal(embeddingRequests[0]!.body.model, 'text-embedding-3-small');
  });

  it('ranks by embeddings alone when no keyword matches', async () => {
    // Plain terms keep `binarySearch` whole, so BM25 finds nothing for "binary search"; the fake
    // embedding splits camelCase and does.
    const index = open({ embedder: embedderOf(fake), terms: 'plain' });
    await addNotes(index);
    const hits = await search(index, ['vs_a'], 'binary search');
    assert.equal(hits[0]!.file_id, 'file-code');
    assert.equal(hits[0]!.score, 1, 'first in the only ranking that found anything');
  });

  it('embeds chunks indexed while embeddings were off once they work, so searches by meaning find them', async () => {
    let on = false;
    const inner = embedderOf(fake);
    // Plain terms: only the embedding ranking can find `binarySearch` for "binary search".
    const index = open({ embedder: { embed: inner.embed, enabled: () => on }, terms: 'plain' });
    await addNotes(index);
    assert.equal(await vectorsOfLength(256), 0);
    on = true;
    assert.ok(!files(await search(index, ['vs_a'], 'binary search')).includes('file-code'), 'no vectors yet: keywords alone, which miss it');
    assert.ok(await eventually(async () => (await vectorsOfLength(256)) === 4, 10_000), 'the older chunks are embedded');
    const asked = fake.requests.filter((r) => r.path.endsWith('/embeddings')).map((r) => (r.body.input as string[]).length);
    assert.deepEqual(asked, [1, 4], 'the query, then the four older chunks in one batch');
    assert.equal(files(await search(index, ['vs_a'], 'binary search'))[0], 'file-code');
  });

  it('embeds again chunks whose vectors came from another model (another length)', async () => {
    await addNotes(open({ embedder: embedderOf(fake) }));
    assert.equal(await vectorsOfLength(256), 4);
    const other = await startFakeModel({ embeddings: { dimensions: 64 } });
    try {
      const index = open({ embedder: embedderOf(other) });
      await search(index, ['vs_a'], 'characteristic polynomial');
      assert.ok(await eventually(async () => (await vectorsOfLength(64)) === 4, 10_000), 'the chunks are embedded with the new model');
      assert.equal(files(await search(index, ['vs_a'], 'characteristic polynomial'))[0], 'file-algebra');
    } finally {
      await other.close();
    }
  });

  it('keeps the vectors it was embedding when another instance writes to the store meanwhile (shared databases)', async function () {
    if (!db.shared) this.skip();
    await addNotes(open());
    const inner = embedderOf(fake);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const gated = { enabled: () => true, embed: async (texts: string[], signal?: AbortSignal) => {
      if (texts.length > 1) await released;
      return inner.embed(texts, signal);
    } };
    const index = open({ embedder: gated });
    await search(index, ['vs_a'], 'characteristic polynomial');
    // Another instance adds a file while the older chunks are being embedded: this index hears
    // it and reloads the store. Listeners are called in order, so ours is called after its.
    const heard = new Promise<void>((resolve) => void db.listen('chunks_changed', (payload) => payload.endsWith(':vs_a') && resolve()));
    await open().add('vs_a', 'file-extra', 'extra.md', chunkText('Vectors span a space.'));
    await heard;
    release();
    assert.ok(await eventually(async () => (await vectorsOfLength(256)) === 4, 10_000), 'the older chunks are embedded all the same');
  });

  it('falls back to BM25 when the provider has no embeddings endpoint, saying so once', async () => {
    const noEmbeddings = await startFakeModel({ embeddings: false });
    try {
      const logger = recordingLogger();
      const index = open({ embedder: embedderOf(noEmbeddings), logger });
      await addNotes(index);
      assert.equal(files(await search(index, ['vs_a'], 'characteristic polynomial'))[0], 'file-algebra');
      assert.equal(logger.warnings.length, 1);
      assert.match(logger.warnings[0]!, /File search: embeddings failed \(.*404.*\); ranking by keywords \(BM25\) only/);
      assert.equal(noEmbeddings.requests.length, 1, 'not asked again while it fails');
      assert.equal(Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM chunks WHERE embedding IS NOT NULL'))!.n), 0);
    } finally {
      await noEmbeddings.close();
    }
  });

  it('tries embeddings again a while after a failure, and searches with keywords meanwhile', async () => {
    let now = 1_000_000;
    const logger = recordingLogger();
    const index = open({ embedder: embedderOf(fake), logger, now: () => now });
    await addNotes(index);
    fake.setEmbeddings(false);
    assert.equal(files(await search(index, ['vs_a'], 'characteristic polynomial'))[0], 'file-algebra');
    assert.equal(logger.warnings.length, 1);
    await search(index, ['vs_a'], 'induction');
    const asked = fake.requests.length;
    fake.setEmbeddings(true);
    await search(index, ['vs_a'], 'induction');
    assert.equal(fake.requests.length, asked, 'still pausing');
    now += EMBEDDINGS_RETRY_MS;
    const hits = await search(index, ['vs_a'], 'characteristic polynomial');
    assert.equal(fake.requests.length, asked + 1);
    assert.equal(hits[0]!.score, 1, 'both rankings again');
    assert.equal(logger.warnings.length, 1);
  });

  it('stops an ingestion whose signal aborts, storing nothing', async () => {
    const index = open({ embedder: embedderOf(fake) });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(index.add('vs_a', 'file-x', 'x.md', chunkText(NOTES.proofs), controller.signal), { name: 'AbortError' });
    const slow = new AbortController();
    const adding = index.add('vs_a', 'file-y', 'y.md', chunkText(NOTES.proofs), slow.signal);
    slow.abort();
    await assert.rejects(adding);
    assert.equal(Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM chunks'))!.n), 0);
    await assert.rejects(index.search(['vs_a'], 'proof', { maxResults: 5, scoreThreshold: 0, signal: controller.signal }), { name: 'AbortError' });
  });
});

describe(`chunk index persistence on ${driverUnderTest}`, () => {
  it('survives closing and reopening the database', async () => {
    const temp = tempDir();
    const fake = await startFakeModel();
    try {
      const embedder = providerEmbedder(createOpenAICompatibleProvider({ baseURL: fake.url }))!;
      let db = await openDatabase({ dir: temp.dir });
      let index = createChunkIndex({ driver: db, embedder });
      for (const [id, text] of Object.entries(NOTES)) await index.add('vs_a', `file-${id}`, `${id}.md`, chunkText(text));
      await index.remove('vs_a', 'file-code');
      const before = await search(index, ['vs_a'], 'induction and eigenvalues');
      await db.close();

      db = await openDatabase({ dir: temp.dir });
      index = createChunkIndex({ driver: db, embedder });
      const after = await search(index, ['vs_a'], 'induction and eigenvalues');
      assert.deepEqual(after, before);
      assert.deepEqual(files(await search(index, ['vs_a'], 'binary search')), []);
      // Ids keep growing after a restart, so a new chunk never reuses a removed one's.
      await index.add('vs_a', 'file-new', 'new.md', chunkText('Fresh notes on induction'));
      const ids = (await db.all<{ id: number }>('SELECT id FROM chunks ORDER BY id')).map((r) => Number(r.id));
      assert.ok(ids.at(-1)! > Object.keys(NOTES).length);
      await db.close();
    } finally {
      await fake.close();
      temp.remove();
    }
  });

  it('adds the chunks table to a version 1 database, keeping its objects', async () => {
    const temp = tempDir();
    try {
      let db = await openDatabase({ dir: temp.dir });
      await db.run("INSERT INTO objects (kind, id, created_at, body) VALUES ('assistant', 'asst_1', 1, '{}')");
      // Make it look like a database written before file search existed.
      for (const table of ['chunks', 'leases', 'python_sessions', 'file_chunks']) await db.run(`DROP TABLE ${table}`);
      await db.run(db.name === 'postgres' ? 'UPDATE tutor_schema SET version = 1' : 'PRAGMA user_version = 1');
      db.persist(true);
      await db.close();

      db = await openDatabase({ dir: temp.dir });
      const version = db.name === 'postgres' ? 'SELECT version AS user_version FROM tutor_schema' : 'PRAGMA user_version';
      assert.equal(Number((await db.get<{ user_version: number }>(version))!.user_version), SCHEMA_VERSION);
      assert.equal((await db.get<{ id: string }>('SELECT id FROM objects'))!.id, 'asst_1');
      const index = createChunkIndex({ driver: db });
      await index.add('vs_a', 'file-1', 'a.md', chunkText('migrated fine'));
      assert.equal((await search(index, ['vs_a'], 'migrated'))[0]!.file_id, 'file-1');
      await db.close();
    } finally {
      temp.remove();
    }
  });
});
