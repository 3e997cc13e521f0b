import * as assert from 'node:assert/strict';
import { createOpenAICompatibleProvider } from '../../../src/providers/openaiCompatible';
import { createChunkIndex, type ChunkIndexOptions } from '../../../src/runtime/fileSearch/chunkIndex';
import { providerEmbedder } from '../../../src/runtime/fileSearch/embeddings';
import type { StaticChunking } from '../../../src/runtime/fileSearch/types';
import type { SqlDriver } from '../../../src/runtime/store/types';
import { type FakeModel, startFakeModel } from '../../../harness/fakeModel';
import { openTestDatabase } from '../store/helpers';
import { corpusFiles, corpusQuestions, ingestCorpus } from './corpus';

/**
 * Retrieval quality on the fixture corpus (test/fixtures/knowledge): for each question, does the
 * file that answers it rank first? Run with BM25 alone and fused with the fake model's hashed
 * bag-of-words embeddings, with code-aware and plain terms; the hit rates are printed. The fake
 * embeddings know no synonyms, so they show the fusion works, not what a real model adds.
 */
describe('file search retrieval quality on the knowledge corpus', () => {
  const MIN_HITS = 15;
  let fake: FakeModel;
  const databases: SqlDriver[] = [];
  const results: string[] = [];

  before(async () => {
    fake = await startFakeModel();
  });
  after(async () => {
    await Promise.all(databases.map((db) => db.close()));
    await fake.close();
    console.log(`      hit rates (right file first):\n${results.map((r) => `        ${r}`).join('\n')}`);
  });

  async function hitRate(label: string, options: Partial<ChunkIndexOptions>, strategy?: StaticChunking): Promise<{ hits: number; misses: string[] }> {
    const db = await openTestDatabase();
    databases.push(db);
    const index = createChunkIndex({ driver: db, ...options });
    const chunks = await ingestCorpus(index, 'vs_knowledge', strategy);
    const questions = corpusQuestions();
    const misses: string[] = [];
    for (const { question, expect } of questions) {
      const [first] = await index.search(['vs_knowledge'], question, { maxResults: 5, scoreThreshold: 0 });
      if (first?.file_id !== expect) misses.push(`"${question}" → ${first?.file_id ?? 'nothing'}, expected ${expect}`);
    }
    const hits = questions.length - misses.length;
    results.push(`${label}: ${hits}/${questions.length} (${corpusFiles().length} files, ${chunks} chunks)`);
    return { hits, misses };
  }

  const embedder = () => providerEmbedder(createOpenAICompatibleProvider({ baseURL: fake.url }))!;
  const SMALL_CHUNKS: StaticChunking = { max_chunk_size_tokens: 100, chunk_overlap_tokens: 50 };

  it('has a corpus of at least 30 files and 15 questions, each answered by one of them', () => {
    const paths = new Set(corpusFiles().map((f) => f.path));
    assert.ok(paths.size >= 30, `${paths.size} files`);
    const questions = corpusQuestions();
    assert.ok(questions.length >= 15);
    for (const q of questions) assert.ok(paths.has(q.expect), q.expect);
  });

  for (const [label, options, strategy] of [
    ['BM25, code-aware terms, auto chunks', {}, undefined],
    ['BM25, plain terms, auto chunks', { terms: 'plain' }, undefined],
    ['BM25, code-aware terms, 100-token chunks', {}, SMALL_CHUNKS],
    ['BM25 + fake embeddings (RRF), code-aware terms, auto chunks', { embedder: true }, undefined],
    ['BM25 + fake embeddings (RRF), code-aware terms, 100-token chunks', { embedder: true }, SMALL_CHUNKS],
  ] as const) {
    it(`ranks the right file first for at least ${MIN_HITS} questions: ${label}`, async () => {
      const { embedder: withEmbedder, ...rest } = options as { embedder?: boolean; terms?: 'plain' };
      const { hits, misses } = await hitRate(label, { ...rest, ...(withEmbedder && { embedder: embedder() }) }, strategy);
      assert.ok(hits >= MIN_HITS, `only ${hits} hits; misses:\n${misses.join('\n')}`);
    });
  }
});
