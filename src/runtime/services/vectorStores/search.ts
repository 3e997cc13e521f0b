import { YIELD_AFTER_MS } from '../../domain/limits';
import type { AttributeFilter } from '../../domain/vectorStoreRequests';
import type { ChunkIndex, SearchHit } from '../../fileSearch/types';
import { matchesFilter } from './filters';
import type { FileLedger } from './ledger';
import type { Attributes } from './objects';

/** A search hit with its file's attributes, as the search endpoint and the file_search tool return it. */
export interface SearchResult extends SearchHit {
  attributes: Attributes | null;
}

export interface SearchRequest {
  queries: string[];
  maxResults: number;
  scoreThreshold: number;
  filters?: AttributeFilter;
  signal?: AbortSignal;
}

/**
 * Searches stores for each query and merges the hits (a chunk found by several queries counts
 * once, with its best score), best first. Only completed files that pass the filters count.
 */
export async function searchStores(index: ChunkIndex, ledger: FileLedger, vectorStoreIds: string[], request: SearchRequest): Promise<SearchResult[]> {
  for (const id of vectorStoreIds) await ledger.touch(id);
  // Filters apply to attributes after ranking, so ask the index for more than will be kept.
  const fetch = request.filters ? Math.max(request.maxResults * 10, 100) : request.maxResults;
  const best = new Map<string, SearchResult>();
  let since = performance.now();
  for (const query of request.queries) {
    // Each query ranks the whole store; between them, other requests get their turn.
    if (performance.now() - since > YIELD_AFTER_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    }
    const hits = await index.search(vectorStoreIds, query, {
      maxResults: fetch, scoreThreshold: request.scoreThreshold, ...(request.signal ? { signal: request.signal } : {}),
    });
    for (const hit of hits) {
      const key = `${hit.vector_store_id}:${hit.file_id}:${hit.chunk_index}`;
      const seen = best.get(key);
      if (seen && seen.score >= hit.score) continue;
      // A file removed or re-added while the index answered is not a result.
      const file = await ledger.file(hit.vector_store_id, hit.file_id);
      if (!file || file.status !== 'completed') continue;
      if (request.filters && !matchesFilter(file.attributes, request.filters)) continue;
      best.set(key, { ...hit, score: Math.min(1, Math.max(0, hit.score)), attributes: file.attributes ?? null });
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, request.maxResults);
}
