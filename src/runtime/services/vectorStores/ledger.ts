import { type Clock, seconds } from '../../domain/clock';
import type { StaticChunking } from '../../fileSearch/types';
import type { ObjectStore } from '../../store/types';
import {
  AUTO_CHUNKING, type FileStatus, moveCount, storeStatus, type StoredFile, type VectorStore, type VectorStoreFile, type VectorStoreFileBatch,
} from './objects';
import type { CreateFileParams } from '../../domain/vectorStoreRequests';

export const DAY_SECONDS = 86_400;

/**
 * The bookkeeping of vector store files: their statuses, and the `file_counts` and `usage_bytes`
 * of their store and batch, which move in the same transaction as the file so they never
 * disagree. Knows nothing of ingestion; the service decides when files move.
 *
 * @example
 *   const { file, fresh } = await ledger.attach('vs_1', { file_id: 'file-a' });
 *   if (fresh) ingestion.start('vs_1', file.id);
 *   await ledger.settle('vs_1', 'file-a', 'completed', { usage_bytes: 1234 });
 */
export class FileLedger {
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
  ) {}

  private get now(): number {
    return seconds(this.clock());
  }

  async file(vectorStoreId: string, fileId: string): Promise<StoredFile | undefined> {
    return await this.store.get<StoredFile>('vector_store_file', fileId, { parent_id: vectorStoreId });
  }

  /** Every file of a store in list order (a store holds thousands at most). */
  async allFiles(vectorStoreId: string, order: 'asc' | 'desc'): Promise<StoredFile[]> {
    const all: StoredFile[] = [];
    for (let after: string | undefined; ;) {
      const page = await this.store.list<StoredFile>('vector_store_file', { parent_id: vectorStoreId }, { limit: 1000, order, ...(after ? { after } : {}) });
      all.push(...page.data);
      if (!page.has_more) return all;
      after = page.data.at(-1)!.id;
    }
  }

  /**
   * Puts a File in a store, in_progress. A file already in progress is left as it is (`fresh`
   * false: its ingestion is under way); a finished one starts again with the new settings,
   * keeping its place in the list.
   */
  async attach(vectorStoreId: string, params: CreateFileParams, batchId?: string): Promise<{ file: StoredFile; fresh: boolean }> {
    const existing = await this.file(vectorStoreId, params.file_id);
    if (existing?.status === 'in_progress') return { file: existing, fresh: false };
    const file: StoredFile = {
      id: params.file_id,
      object: 'vector_store.file',
      usage_bytes: 0,
      created_at: existing?.created_at ?? this.now,
      vector_store_id: vectorStoreId,
      status: 'in_progress',
      last_error: null,
      chunking_strategy: { type: 'static', static: staticChunking(params.chunking_strategy) },
      attributes: params.attributes ?? existing?.attributes ?? {},
      ...(batchId ? { batch_id: batchId } : {}),
    };
    const scope = { parent_id: vectorStoreId };
    if (existing) await this.store.update('vector_store_file', file, { scope });
    else await this.store.insert('vector_store_file', file, scope);
    await this.count(vectorStoreId, existing, file, true);
    return { file, fresh: true };
  }

  /** Records a File that does not exist as a failed vector store file saying so. */
  async attachFailed(vectorStoreId: string, fileId: string, lastError: NonNullable<VectorStoreFile['last_error']>): Promise<void> {
    if (await this.file(vectorStoreId, fileId)) return;
    const file: StoredFile = {
      id: fileId, object: 'vector_store.file', usage_bytes: 0, created_at: this.now, vector_store_id: vectorStoreId, status: 'failed',
      last_error: lastError, chunking_strategy: { type: 'static', static: { ...AUTO_CHUNKING } }, attributes: {},
    };
    await this.store.insert('vector_store_file', file, { parent_id: vectorStoreId });
    await this.count(vectorStoreId, undefined, file, true);
  }

  /**
   * Moves an in_progress file to its final status, and its store's and batch's counts with it.
   * False if the file is gone or no longer in progress (cancelled, removed) — then nothing changes.
   * Not urgent by default: ingestion progress is batched like run progress, and a crash that
   * loses it leaves the file in_progress for start-up recovery to resume.
   */
  async settle(vectorStoreId: string, fileId: string, to: FileStatus, patch: Partial<StoredFile>, urgent = false): Promise<boolean> {
    return await this.store.transaction(async () => {
      const before = await this.file(vectorStoreId, fileId);
      if (before?.status !== 'in_progress') return false;
      const after: StoredFile = { ...before, ...patch, status: to };
      await this.store.update('vector_store_file', after, { scope: { parent_id: vectorStoreId }, urgent });
      await this.count(vectorStoreId, before, after, urgent);
      return true;
    });
  }

  /** Takes a file out of its store; unfinished, it first counts as cancelled in its batch. */
  async detach(vectorStoreId: string, fileId: string): Promise<void> {
    await this.store.transaction(async () => {
      await this.settle(vectorStoreId, fileId, 'cancelled', {}, true);
      const current = await this.file(vectorStoreId, fileId);
      if (!current) return;
      await this.store.delete('vector_store_file', fileId, { parent_id: vectorStoreId });
      await this.count(vectorStoreId, current, undefined, true);
    });
  }

  /** Completes a batch none of whose files is still in progress (a cancelled batch stays so). */
  async completeBatchIfDone(batch: VectorStoreFileBatch): Promise<VectorStoreFileBatch> {
    if (batch.status !== 'in_progress' || batch.file_counts.in_progress > 0) return batch;
    const done: VectorStoreFileBatch = { ...batch, status: 'completed' };
    // Urgent: a finished batch is what a client polls for, and what must survive a crash.
    await this.store.update('vector_store_file_batch', done, { urgent: true });
    return done;
  }

  /** Marks the store as used now, which pushes back its expiry. */
  async touch(vectorStoreId: string): Promise<void> {
    const vs = await this.store.get<VectorStore>('vector_store', vectorStoreId);
    if (!vs) return;
    const now = this.now;
    await this.store.update('vector_store', { ...vs, last_active_at: now, expires_at: vs.expires_after ? now + vs.expires_after.days * DAY_SECONDS : null });
  }

  /**
   * Keeps a store's and a batch's counts in step with one file's change: `before` undefined means
   * it was added, `after` undefined that it left. A batch counts the files it added; one that
   * leaves it later (removed, re-added by another batch) stays counted as it ended.
   */
  private async count(vectorStoreId: string, before: StoredFile | undefined, after: StoredFile | undefined, urgent: boolean): Promise<void> {
    const vs = await this.store.get<VectorStore>('vector_store', vectorStoreId);
    if (vs) {
      const next: VectorStore = {
        ...vs,
        file_counts: moveCount(vs.file_counts, before?.status, after?.status),
        usage_bytes: Math.max(0, vs.usage_bytes - (before?.usage_bytes ?? 0) + (after?.usage_bytes ?? 0)),
      };
      next.status = storeStatus(next);
      await this.store.update('vector_store', next, { urgent });
    }
    const batchId = after?.batch_id;
    const batch = batchId ? await this.store.get<VectorStoreFileBatch>('vector_store_file_batch', batchId) : undefined;
    if (!batch || !after) return;
    const from = before && before.batch_id === batchId ? before.status : undefined;
    const updated = { ...batch, file_counts: moveCount(batch.file_counts, from, after.status) };
    await this.store.update('vector_store_file_batch', updated, { urgent });
    await this.completeBatchIfDone(updated);
  }
}

/** The static chunking a request asks for (`auto` and nothing both mean 800/400). */
export function staticChunking(param: CreateFileParams['chunking_strategy']): StaticChunking {
  return param?.type === 'static' ? { ...param.static } : { ...AUTO_CHUNKING };
}
