import * as assert from 'node:assert/strict';
import { createChunkIndex, type ChunkIndexOptions } from '../../../src/runtime/fileSearch/chunkIndex';
import type { StaticChunking } from '../../../src/runtime/fileSearch/types';
import type { SqlDriver } from '../../../src/runtime/store/types';
import { openTestDatabase } from '../store/helpers';
import { CHINESE_CORPUS_DIR, CHINESE_QUESTIONS_FILE, corpusFiles, corpusQuestions, ingestCorpus } from './corpus';

/**
 * Keyword retrieval on Chinese course notes (test/fixtures/knowledge-zh): every question, most
 * worded differently from the notes and some mixing in English ("Python列表…"), must rank the file
 * that answers it first. BM25 alone, so this is what the CJK terms achieve by themselves; the
 * corpus has near neighbours on purpose (two Python files on lists, quadratic equations beside
 * quadratic inequalities, Pythagoras beside trigonometry). The default set-up must get every
 * question right; the variants, which split the notes differently, nine in ten (a 100-token chunk
 * of the trigonometry note, dense in 直角三角形 and 斜边, can outrank Pythagoras for "given two
 * sides, find the hypotenuse"). Hit rates are printed.
 */
describe('file search on Chinese notes (BM25)', () => {
  const databases: SqlDriver[] = [];
  const results: string[] = [];
  after(async () => {
    await Promise.all(databases.map((db) => db.close()));
    console.log(`      hit rates (right file first):\n${results.map((r) => `        ${r}`).join('\n')}`);
  });

  async function misses(label: string, options: Partial<ChunkIndexOptions>, strategy?: StaticChunking): Promise<string[]> {
    const db = await openTestDatabase();
    databases.push(db);
    const index = createChunkIndex({ driver: db, ...options });
    await ingestCorpus(index, 'vs_zh', strategy, CHINESE_CORPUS_DIR);
    const missed: string[] = [];
    const questions = corpusQuestions(CHINESE_QUESTIONS_FILE);
    for (const { question, expect } of questions) {
      const [first] = await index.search(['vs_zh'], question, { maxResults: 5, scoreThreshold: 0 });
      if (first?.file_id !== expect) missed.push(`"${question}" → ${first?.file_id ?? 'nothing'}, expected ${expect}`);
    }
    results.push(`${label}: ${questions.length - missed.length}/${questions.length}`);
    return missed;
  }

  it('has at least 10 files and 25 questions, each answered by one of them', () => {
    const paths = new Set(corpusFiles(CHINESE_CORPUS_DIR).map((f) => f.path));
    assert.ok(paths.size >= 10, `${paths.size} files`);
    const questions = corpusQuestions(CHINESE_QUESTIONS_FILE);
    assert.ok(questions.length >= 25);
    for (const q of questions) assert.ok(paths.has(q.expect), q.expect);
  });

  it('ranks the right file first for every question: code-aware terms, auto chunks', async () => {
    assert.deepEqual(await misses('code-aware terms, auto chunks', {}), []);
  });

  for (const [label, options, strategy] of [
    ['code-aware terms, 100-token chunks', {}, { max_chunk_size_tokens: 100, chunk_overlap_tokens: 50 }],
    ['code-aware terms, auto chunks, file names not weighed', { filenameBoost: 0 }, undefined],
    ['plain terms, auto chunks', { terms: 'plain' }, undefined],
  ] as const) {
    it(`ranks the right file first for nine questions in ten: ${label}`, async () => {
      const missed = await misses(label, options, strategy);
      const questions = corpusQuestions(CHINESE_QUESTIONS_FILE).length;
      assert.ok(missed.length <= questions / 10, `misses:\n${missed.join('\n')}`);
    });
  }
});
