import type { Clock, Logger } from '../../domain/clock';
import type { IdSource } from '../../domain/ids';
import type { ChunkIndex, Embedder } from '../../fileSearch/types';
import type { FileBlobs } from '../../store/fileBlobs';
import type { Leases } from '../../store/leases';
import type { ObjectStore } from '../../store/types';

/** What the vector store service (service.ts) is built from. */
export interface VectorStoreServiceDeps {
  store: ObjectStore;
  blobs: FileBlobs;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  /** Adds semantic search to BM25 where the provider has an embeddings endpoint. */
  embedder?: Embedder;
  /** The chunk index (default: one over `store.driver`). */
  index?: ChunkIndex;
  /** Files ingested at once (default 4). */
  parallel?: number;
  /** Leases on files being indexed, for a database several instances share. */
  leases?: Leases;
}
