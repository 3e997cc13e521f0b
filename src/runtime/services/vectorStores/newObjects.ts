import type { CreateBatchParams, CreateFileParams, CreateVectorStoreParams, ModifyVectorStoreParams } from '../../domain/vectorStoreRequests';
import { DAY_SECONDS } from './ledger';
import { emptyCounts, type VectorStore, type VectorStoreFileBatch } from './objects';

/** A new vector store as its create request describes it, empty and ready. */
export function newVectorStore(id: string, now: number, params: CreateVectorStoreParams): VectorStore {
  return {
    id,
    object: 'vector_store',
    created_at: now,
    name: params.name ?? '',
    ...(params.description !== undefined ? { description: params.description } : {}),
    usage_bytes: 0,
    file_counts: emptyCounts(),
    status: 'completed',
    last_active_at: now,
    ...(params.expires_after ? { expires_after: params.expires_after } : {}),
    expires_at: params.expires_after ? now + params.expires_after.days * DAY_SECONDS : null,
    metadata: params.metadata ?? {},
  } satisfies VectorStore & { description?: string };
}

/** A batch's files as single additions: `files` as given, or `file_ids` with the batch's shared settings. */
export function batchEntries(params: CreateBatchParams): CreateFileParams[] {
  return params.files ?? (params.file_ids ?? []).map((file_id) => ({
    file_id,
    ...(params.chunking_strategy ? { chunking_strategy: params.chunking_strategy } : {}),
    ...(params.attributes !== undefined ? { attributes: params.attributes } : {}),
  }));
}

/** A new file batch, in progress until its files settle. */
export function newBatch(id: string, now: number, vectorStoreId: string): VectorStoreFileBatch {
  return { id, object: 'vector_store.files_batch', created_at: now, vector_store_id: vectorStoreId, status: 'in_progress', file_counts: emptyCounts() };
}

/** The store with a modify request's changes: a null `expires_after` removes the expiry, a new one counts from the last activity. */
export function modifiedVectorStore(vs: VectorStore, params: ModifyVectorStoreParams, now: number): VectorStore {
  const next: VectorStore = { ...vs };
  if (params.name !== undefined) next.name = params.name ?? '';
  if (params.metadata !== undefined) next.metadata = params.metadata ?? {};
  if (params.expires_after === null) {
    delete next.expires_after;
    next.expires_at = null;
  } else if (params.expires_after) {
    next.expires_after = params.expires_after;
    next.expires_at = (vs.last_active_at ?? now) + params.expires_after.days * DAY_SECONDS;
  }
  return next;
}
