/**
 * The contract between file search's parts: ingestion (extract → chunk), the chunk index
 * (BM25 + optional embeddings, persisted in SQLite), and the Vector Stores API / file_search tool
 * that use them. The API layer knows nothing of how text is found; the index knows nothing of HTTP.
 */

/** OpenAI's static chunking strategy; `auto` means 800 tokens with 400 overlap. */
export interface StaticChunking {
  max_chunk_size_tokens: number;
  chunk_overlap_tokens: number;
}

/** One chunk of a file's extracted text; `start`/`end` are character offsets into that text. */
export interface Chunk {
  text: string;
  start: number;
  end: number;
}

/** Why a file could not be ingested; becomes the vector store file's `last_error`. */
export class IngestError extends Error {
  constructor(
    readonly code: 'unsupported_file' | 'invalid_file' | 'server_error',
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

/** One search result: a chunk, where it came from, and a relevance score in [0, 1]. */
export interface SearchHit {
  vector_store_id: string;
  file_id: string;
  filename: string;
  score: number;
  text: string;
  chunk_index: number;
  /** Character offsets of the chunk in the file's extracted text (for "open at the passage"). */
  start: number;
  end: number;
}

/** Turns texts into vectors (the provider's embeddings endpoint, where it has one). */
export interface Embedder {
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  /**
   * False while embeddings are switched off (a setting): file search then ranks with BM25 alone
   * and logs nothing, as it would without an embedder. Checked on every use. Optional: on.
   */
  enabled?(): boolean;
}

export interface SearchOptions {
  maxResults: number;
  scoreThreshold: number;
  signal?: AbortSignal;
}

/**
 * The persisted chunk index. Chunks live in SQLite (so they survive restarts); the BM25 index is
 * rebuilt in memory per vector store on first search and kept in step with add/remove after that.
 */
export interface ChunkIndex {
  add(vectorStoreId: string, fileId: string, filename: string, chunks: Chunk[], signal?: AbortSignal): Promise<{ usageBytes: number }>;
  remove(vectorStoreId: string, fileId: string): Promise<void>;
  dropStore(vectorStoreId: string): Promise<void>;
  search(vectorStoreIds: string[], query: string, options: SearchOptions): Promise<SearchHit[]>;
}
