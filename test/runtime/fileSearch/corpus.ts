import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chunkText } from '../../../src/runtime/fileSearch/chunk';
import { extractText } from '../../../src/runtime/fileSearch/extract';
import type { ChunkIndex, StaticChunking } from '../../../src/runtime/fileSearch/types';

export const CORPUS_DIR = path.resolve(__dirname, '../../fixtures/knowledge');
const QUESTIONS_FILE = path.resolve(__dirname, '../../fixtures/knowledge-questions.json');
/** Chinese course notes (with a little English and code), and questions about them in Chinese. */
export const CHINESE_CORPUS_DIR = path.resolve(__dirname, '../../fixtures/knowledge-zh');
export const CHINESE_QUESTIONS_FILE = path.resolve(__dirname, '../../fixtures/knowledge-zh-questions.json');

export interface CorpusFile {
  /** Path inside the corpus with forward slashes, e.g. `calculus/chain-rule.md`; also the file id. */
  path: string;
  bytes: Uint8Array;
}

/** The corpus as a student's workspace would upload it: `ignored/` and the ignore file itself left out. */
export function corpusFiles(dir = CORPUS_DIR): CorpusFile[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.startsWith('ignored/') && file !== 'gitignore')
    .sort()
    .map((file) => ({ path: file, bytes: readFileSync(path.join(dir, file)) }));
}

export interface Question {
  question: string;
  expect: string;
}

export function corpusQuestions(file = QUESTIONS_FILE): Question[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { questions: Question[] }).questions;
}

/**
 * Extracts, chunks and adds every corpus file to `vectorStoreId`; the file id is its corpus path,
 * the file name its base name (as an upload names it). Returns the number of chunks.
 */
export async function ingestCorpus(index: ChunkIndex, vectorStoreId: string, strategy?: StaticChunking, dir = CORPUS_DIR): Promise<number> {
  let chunks = 0;
  for (const file of corpusFiles(dir)) {
    const text = await extractText(file.path, file.bytes);
    const pieces = chunkText(text, strategy);
    await index.add(vectorStoreId, file.path, path.posix.basename(file.path), pieces);
    chunks += pieces.length;
  }
  return chunks;
}
