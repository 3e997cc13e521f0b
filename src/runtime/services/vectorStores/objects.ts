import type { VectorStore } from 'openai/resources/vector-stores/vector-stores';
import type { VectorStoreFile } from 'openai/resources/vector-stores/files';
import type { VectorStoreFileBatch } from 'openai/resources/vector-stores/file-batches';

/** The Vector Store objects, typed as the official SDK reads them (type-only: nothing is bundled). */
export type { VectorStore, VectorStoreFile, VectorStoreFileBatch };

export type FileStatus = VectorStoreFile['status'];
export type FileCounts = VectorStore['file_counts'];
export type Attributes = NonNullable<VectorStoreFile['attributes']>;

/** OpenAI's `auto` chunking (800-token chunks overlapping by 400): the chunker's own default. */
export { AUTO_CHUNKING } from '../../fileSearch/chunk';

/**
 * A vector store file as stored: the API object plus bookkeeping the API never shows (stripped by
 * `publicFile`). `batch_id` lets a batch list and count its files; `resumed` marks a file whose
 * ingestion start-up recovery already restarted once, so a file that crashes the process fails
 * instead of crashing every start.
 */
export interface StoredFile extends VectorStoreFile {
  batch_id?: string;
  resumed?: boolean;
}

export function publicFile(file: StoredFile): VectorStoreFile {
  const copy: StoredFile = { ...file };
  delete copy.batch_id;
  delete copy.resumed;
  return copy;
}

export const emptyCounts = (): FileCounts => ({ in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 });

/**
 * Moves one file between statuses in a file_counts: `from` undefined means the file is new,
 * `to` undefined means it left.
 */
export function moveCount(counts: FileCounts, from: FileStatus | undefined, to: FileStatus | undefined): FileCounts {
  const next = { ...counts };
  if (from) next[from] = Math.max(0, next[from] - 1);
  else next.total++;
  if (to) next[to]++;
  else next.total = Math.max(0, next.total - 1);
  return next;
}

/** A store is busy while any of its files is; expiry is final. */
export function storeStatus(store: VectorStore): VectorStore['status'] {
  if (store.status === 'expired') return 'expired';
  return store.file_counts.in_progress > 0 ? 'in_progress' : 'completed';
}

/** The key jobs and rows of one file in one store share (the store's own row key format). */
export const fileKey = (vectorStoreId: string, fileId: string): string => `${vectorStoreId}:${fileId}`;
