import type { Clock, Logger } from '../../domain/clock';
import type { ChunkIndex } from '../../fileSearch/types';
import type { ObjectStore } from '../../store/types';
import type { Ingestion } from './ingestion';
import type { FileLedger } from './ledger';
import type { StoredFile, VectorStore } from './objects';

/**
 * Vector store expiry: a store inactive past its `expires_after` keeps its objects (so clients see
 * `expired`) but its unfinished files are cancelled and its chunks dropped.
 */
export class StoreExpiry {
  constructor(private readonly deps: { store: ObjectStore; clock: Clock; logger: Logger; index: ChunkIndex; ledger: FileLedger; ingestion: Ingestion }) {}

  /** Cancels the store's unfinished files that match. */
  async cancelFiles(vectorStoreId: string, match: (f: StoredFile) => boolean): Promise<void> {
    for (const file of await this.deps.ledger.allFiles(vectorStoreId, 'asc')) {
      if (file.status !== 'in_progress' || !match(file)) continue;
      this.deps.ingestion.cancel(vectorStoreId, file.id);
      await this.deps.ledger.settle(vectorStoreId, file.id, 'cancelled', {}, true);
    }
  }

  /** The store, marked expired (its files cancelled, its chunks dropped) if its time has passed. */
  async expireIfDue(vs: VectorStore): Promise<VectorStore> {
    if (vs.status === 'expired' || vs.expires_at == null || vs.expires_at * 1000 > this.deps.clock()) return vs;
    const { store } = this.deps;
    const expired = await store.transaction(async () => {
      await this.cancelFiles(vs.id, () => true);
      const current = await store.get<VectorStore>('vector_store', vs.id) ?? vs;
      return await store.update('vector_store', { ...current, status: 'expired' as const }) ?? vs;
    });
    this.deps.ingestion.cancelStore(vs.id);
    await this.deps.index.dropStore(vs.id);
    this.deps.logger.info(`vector store ${vs.id} expired`);
    return expired;
  }
}
