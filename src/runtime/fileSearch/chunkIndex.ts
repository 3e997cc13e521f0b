/**
 * The chunk index behind file search. Chunks are rows of the `chunks` table (schema version 2), so
 * they outlive the process; what is kept in memory is derived from them and rebuilt on demand:
 * per vector store, a BM25 index (bm25.ts) built on the store's first search and kept in step
 * with add/remove afterwards, and the chunks' embedding vectors.
 *
 * Ranking: BM25 over the chunk text (and, weakly, the file name) and, where chunks have
 * embeddings, cosine similarity to the query's embedding. Each yields a ranking; several vector
 * stores are merged per ranking by raw value (BM25 scores of separate stores are close enough to
 * compare, cosines are comparable anyway), and the two rankings are fused by reciprocal rank fusion.
 *
 * Scores: the fused value over the best possible (see rrf.ts), so in [0, 1]: 1 for a chunk first in
 * every ranking that found anything, 1/2 for one first by keywords but missing from a non-empty
 * embedding ranking. Scores are about rank, not absolute relevance: the best chunk of a poor match
 * still scores high; a chunk matching no query word and unlike it in embedding is not returned.
 */
import { randomBytes } from 'node:crypto';
import { type Logger, silentLogger } from '../domain/clock';
import { CHUNK_SQL, chunkTextsQuery } from '../store/schema';
import type { SqlDriver, SqlValue } from '../store/types';
import { OptionalEmbeddings } from './embeddings';
import { fuseRankings } from './rrf';
import { type TermMode, termsOf } from './terms';
import { type ChunkEntry, type Ranked, StoreIndex } from './storeIndex';
import type { ChunkIndex, Embedder, SearchHit } from './types';
import { fromBlob, toBlob } from './vectors';

export interface ChunkIndexOptions {
  driver: SqlDriver;
  /** Without one (or while it fails) ranking is BM25 alone. */
  embedder?: Embedder;
  logger?: Logger;
  /** How text becomes BM25 terms; `plain` only exists to measure what `code` adds. Default `code`. */
  terms?: TermMode;
  /** Weight of a file-name match against a text match (1). Default FILENAME_BOOST. */
  filenameBoost?: number;
  /** Clock for the embeddings retry pause (tests). */
  now?: () => number;
}

const utf8 = new TextEncoder();

/** File names say a lot ("eigenvalues.md") but are short, so one match should not outweigh the text. */
export const FILENAME_BOOST = 0.5;
/** How deep each ranking goes before fusion (at least maxResults); chunks below it in both are not returned. */
export const RANKING_DEPTH = 100;
/** Older chunks embedded in the background per search, at most (see `backfill`). */
export const BACKFILL_PER_SEARCH = 256;

/**
 * Opens the chunk index on a database that has schema version 2.
 *
 * @example
 *   const index = createChunkIndex({ driver, embedder: providerEmbedder(provider), logger });
 *   await index.add('vs_1', 'file-1', 'notes.md', chunkText(await extractText('notes.md', bytes)));
 *   const hits = await index.search(['vs_1'], 'chain rule', { maxResults: 20, scoreThreshold: 0 });
 */
export function createChunkIndex(options: ChunkIndexOptions): ChunkIndex {
  const { driver } = options;
  const termMode = options.terms ?? 'code';
  const filenameBoost = options.filenameBoost ?? FILENAME_BOOST;
  const logger = options.logger ?? silentLogger;
  const embeddings = new OptionalEmbeddings(options.embedder, logger, options.now);
  const stores = new Map<string, StoreIndex>();
  const backfilling = new Set<string>();
  /** Writes to each store's chunks, counted as they start and end: a store read while one was under way is read again. */
  const writes = new Map<string, number>();
  const wrote = (vectorStoreId: string) => writes.set(vectorStoreId, (writes.get(vectorStoreId) ?? 0) + 1);
  const changed = sharedChanges(driver, logger, (vectorStoreId) => {
    // Another instance wrote this store's chunks: what is in memory here is out of date.
    wrote(vectorStoreId);
    stores.delete(vectorStoreId);
  });

  /**
   * Embeds, in the background, chunks of a store that have no vector for the model now in use:
   * indexed while embeddings were off or failing, or under another model (vectors of another
   * length). Left alone, they would only ever be found by keywords, and so rank below chunks that
   * both rankings find. One batch per search bounds what a search sets off; a failure is
   * OptionalEmbeddings' (logged once, then a pause).
   */
  function backfill(vectorStoreId: string, store: StoreIndex, dimensions: number): void {
    if (backfilling.has(vectorStoreId)) return;
    const ids = store.lacking(dimensions, BACKFILL_PER_SEARCH);
    if (ids.length === 0) return;
    backfilling.add(vectorStoreId);
    void (async () => {
      try {
        const query = chunkTextsQuery(ids);
        const texts = new Map((await driver.all<{ id: number; text: string }>(query.sql, query.params)).map((row) => [Number(row.id), row.text]));
        const todo = ids.filter((id) => texts.has(id));
        const vectors = await embeddings.embed(todo.map((id) => texts.get(id)!));
        if (!vectors) return;
        const fitting = todo.flatMap((id, i) => (vectors[i]?.length === dimensions ? [{ id, vector: vectors[i] }] : []));
        // Kept even when the store was reloaded meanwhile (another instance wrote to it): rows are
        // updated by chunk id, so a chunk deleted meanwhile is simply not found. Counted as a
        // write so that a load under way reads the vectors too.
        wrote(vectorStoreId);
        await driver.transaction(async () => {
          for (const { id, vector } of fitting) await driver.run(CHUNK_SQL.setEmbedding, [toBlob(vector), id]);
        });
        wrote(vectorStoreId);
        driver.persist(false);
        const current = stores.get(vectorStoreId);
        for (const { id, vector } of fitting) current?.setVector(id, vector);
      } catch (err) {
        // The database closed under it, most likely: the next search after a restart goes on.
        logger.warn(`File search: embedding older chunks stopped: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        backfilling.delete(vectorStoreId);
      }
    })();
  }

  /** The store's in-memory index, built from its rows on first use. */
  async function loaded(vectorStoreId: string): Promise<StoreIndex> {
    for (;;) {
      const known = stores.get(vectorStoreId);
      if (known) return known;
      const before = writes.get(vectorStoreId);
      const rows = await driver.all<ChunkRow>(CHUNK_SQL.loadStore, [vectorStoreId]);
      // Another search may have built it while the rows were on their way (keep that one), or a
      // file may have been added or removed meanwhile (these rows may predate it: read again).
      if (stores.has(vectorStoreId) || writes.get(vectorStoreId) !== before) continue;
      const store = new StoreIndex(termMode, filenameBoost);
      store.addChunks(rows.map(entryOf));
      stores.set(vectorStoreId, store);
      return store;
    }
  }

  return {
    async add(vectorStoreId, fileId, filename, chunks, signal) {
      signal?.throwIfAborted();
      const vectors = await embeddings.embed(chunks.map((c) => c.text), signal);
      signal?.throwIfAborted();
      let usageBytes = 0;
      wrote(vectorStoreId);
      await driver.transaction(async () => {
        // Adding a file again (a retried ingestion) replaces its chunks.
        await driver.run(CHUNK_SQL.deleteFile, [vectorStoreId, fileId]);
        for (const [seq, chunk] of chunks.entries()) {
          const vector = vectors?.[seq];
          const blob = vector ? toBlob(vector) : null;
          const text = utf8.encode(chunk.text);
          usageBytes += text.length + (blob?.length ?? 0);
          await driver.run(CHUNK_SQL.insert, [vectorStoreId, fileId, seq, filename, text, chunk.start, chunk.end, blob]);
        }
      });
      wrote(vectorStoreId);
      changed(vectorStoreId);
      // Batched: the vector store file's status update that follows is urgent and takes these rows
      // to disk with it; rows without a completed status are re-ingested after a crash anyway.
      driver.persist(false);
      const store = stores.get(vectorStoreId);
      if (store) {
        store.removeFile(fileId);
        const ids = await driver.all<{ id: number; seq: number }>(CHUNK_SQL.idsOfFile, [vectorStoreId, fileId]);
        store.addChunks(ids.map(({ id, seq }) => {
          const chunk = chunks[seq]!;
          return { id: Number(id), vectorStoreId, fileId, filename, seq: Number(seq), text: chunk.text, start: chunk.start, end: chunk.end, vector: vectors?.[seq] };
        }));
      }
      return { usageBytes };
    },

    async remove(vectorStoreId, fileId) {
      wrote(vectorStoreId);
      await driver.run(CHUNK_SQL.deleteFile, [vectorStoreId, fileId]);
      wrote(vectorStoreId);
      changed(vectorStoreId);
      driver.persist(false);
      stores.get(vectorStoreId)?.removeFile(fileId);
    },

    async dropStore(vectorStoreId) {
      wrote(vectorStoreId);
      await driver.run(CHUNK_SQL.deleteStore, [vectorStoreId]);
      wrote(vectorStoreId);
      changed(vectorStoreId);
      driver.persist(false);
      stores.delete(vectorStoreId);
    },

    async search(vectorStoreIds, query, { maxResults, scoreThreshold, signal }) {
      signal?.throwIfAborted();
      if (maxResults <= 0) return [];
      const storeIds = [...new Set(vectorStoreIds)];
      const searched = await Promise.all(storeIds.map(loaded));
      const depth = Math.max(RANKING_DEPTH, maxResults);
      const queryTerms = termsOf(query, termMode);
      const keywordRanking = mergeRankings(searched.map((store) => store.keywordRanking(queryTerms, depth)), depth);
      let vectorRanking: number[] = [];
      // Asked even when no chunk has a vector yet: the query's vector says embeddings work now,
      // and with which model, so older chunks can be embedded for the searches that follow.
      if (embeddings.available && searched.some((store) => store.size > 0)) {
        const [queryVector] = (await embeddings.embed([query], signal)) ?? [];
        signal?.throwIfAborted();
        if (queryVector) {
          vectorRanking = mergeRankings(searched.map((store) => store.vectorRanking(queryVector, depth)), depth);
          searched.forEach((store, i) => backfill(storeIds[i]!, store, queryVector.length));
        }
      }

      const chunkOf = (id: number) => {
        for (const store of searched) {
          const chunk = store.chunk(id);
          if (chunk) return chunk;
        }
        return undefined;
      };
      const picked = fuseRankings([keywordRanking, vectorRanking])
        .filter(({ score }) => score >= scoreThreshold)
        .slice(0, maxResults)
        .flatMap(({ item, score }) => {
          const chunk = chunkOf(item);
          return chunk ? [{ id: item, chunk, score }] : [];
        });
      if (picked.length === 0) return [];
      const textsQuery = chunkTextsQuery(picked.map((p) => p.id));
      const texts = new Map((await driver.all<{ id: number; text: string }>(textsQuery.sql, textsQuery.params)).map((row) => [Number(row.id), row.text]));
      return picked.flatMap(({ id, chunk, score }): SearchHit[] => {
        const text = texts.get(id);
        if (text === undefined) return [];
        return [{ vector_store_id: chunk.vectorStoreId, file_id: chunk.fileId, filename: chunk.filename, score, text, chunk_index: chunk.seq, start: chunk.start, end: chunk.end }];
      });
    },
  };
}

/** A row of `chunks` as the index reads it. */
interface ChunkRow {
  id: number;
  vector_store_id: string;
  file_id: string;
  seq: number;
  filename: string;
  text: string;
  char_start: number;
  char_end: number;
  embedding: SqlValue;
}

// Numbers may come back as bigints from node:sqlite for large values; ids and offsets fit a double.
function entryOf(row: ChunkRow): ChunkEntry {
  return {
    id: Number(row.id), vectorStoreId: row.vector_store_id, fileId: row.file_id, filename: row.filename, seq: Number(row.seq),
    text: row.text, start: Number(row.char_start), end: Number(row.char_end), vector: fromBlob(row.embedding),
  };
}

/** Several stores' rankings as one, by value, cut to `depth`. */
function mergeRankings(rankings: Ranked[][], depth: number): number[] {
  const all = rankings.length === 1 ? rankings[0]! : rankings.flat().sort((a, b) => b.value - a.value);
  return all.slice(0, depth).map((r) => r.id);
}

/** The channel on which instances sharing a database say whose chunks they changed. */
const CHUNKS_CHANNEL = 'chunks_changed';

/**
 * On a database several instances share, each keeps its own in-memory index of a store's chunks:
 * a write here is announced (`<instance>:<store id>`), and `onOther` hears what the others wrote.
 * Returns the announcer; on a database one process uses, it does nothing.
 */
function sharedChanges(driver: SqlDriver, logger: Logger, onOther: (vectorStoreId: string) => void): (vectorStoreId: string) => void {
  if (!driver.shared) return () => {};
  const me = randomBytes(6).toString('hex');
  driver
    .listen(CHUNKS_CHANNEL, (payload) => {
      const at = payload.indexOf(':');
      if (payload.slice(0, at) !== me) onOther(payload.slice(at + 1));
    })
    .catch((err: unknown) => logger.warn(`File search: cannot hear other instances' changes (${(err as Error).message}); their new files are found after a restart.`));
  return (vectorStoreId) => {
    driver.notify(CHUNKS_CHANNEL, `${me}:${vectorStoreId}`).catch((err: unknown) => logger.warn(`File search: cannot tell other instances about a change (${(err as Error).message}).`));
  };
}
