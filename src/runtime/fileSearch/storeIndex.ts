import { Bm25Index } from './bm25';
import { type TermMode, termsOf } from './terms';
import { dot } from './vectors';

/** A chunk as the in-memory index takes it. */
export interface ChunkEntry extends ChunkMeta {
  id: number;
  text: string;
}

/** What the index keeps of a chunk in memory; its text is read back from SQLite for results only. */
export interface ChunkMeta {
  vectorStoreId: string;
  fileId: string;
  filename: string;
  seq: number;
  start: number;
  end: number;
  vector: Float32Array | undefined;
}

/** A ranking entry: a chunk id and the value it was ranked by. */
export interface Ranked {
  id: number;
  value: number;
}

/** One vector store in memory: BM25 over its chunks' text and file names, their metadata and vectors. */
export class StoreIndex {
  /** Fields: 0 the chunk's text, 1 its file's name. */
  private readonly bm25 = new Bm25Index(2);
  private readonly weights: readonly number[];
  private readonly chunks = new Map<number, ChunkMeta>();
  private readonly byFile = new Map<string, number[]>();
  /** How many chunks have a vector of each length (one length per embeddings model). */
  private readonly vectorsOfLength = new Map<number, number>();

  constructor(
    private readonly termMode: TermMode,
    filenameBoost: number,
  ) {
    this.weights = [1, filenameBoost];
  }

  chunk(id: number): ChunkMeta | undefined {
    return this.chunks.get(id);
  }

  get size(): number {
    return this.chunks.size;
  }

  /** Up to `limit` chunks without a vector of `dimensions` entries (none yet, or another model's). */
  lacking(dimensions: number, limit: number): number[] {
    const ids: number[] = [];
    if (this.vectorsOfLength.get(dimensions) === this.chunks.size) return ids;
    for (const [id, chunk] of this.chunks) {
      if (chunk.vector?.length === dimensions) continue;
      ids.push(id);
      if (ids.length >= limit) break;
    }
    return ids;
  }

  setVector(id: number, vector: Float32Array): void {
    const chunk = this.chunks.get(id);
    if (!chunk) return;
    this.countVector(chunk.vector, -1);
    this.countVector(vector, 1);
    chunk.vector = vector;
  }

  private countVector(vector: Float32Array | undefined, by: 1 | -1): void {
    if (!vector) return;
    this.vectorsOfLength.set(vector.length, (this.vectorsOfLength.get(vector.length) ?? 0) + by);
  }

  addChunks(entries: ChunkEntry[]): void {
    let filename = '';
    let filenameTerms: string[] = [];
    for (const { id, text, ...meta } of entries) {
      this.countVector(meta.vector, 1);
      this.chunks.set(id, meta);
      const ids = this.byFile.get(meta.fileId);
      if (ids) ids.push(id);
      else this.byFile.set(meta.fileId, [id]);
      // A file's chunks come together: its name is split into terms once.
      if (meta.filename !== filename) {
        filename = meta.filename;
        filenameTerms = termsOf(filename, this.termMode);
      }
      this.bm25.add(id, [termsOf(text, this.termMode), filenameTerms]);
    }
  }

  removeFile(fileId: string): void {
    const ids = this.byFile.get(fileId);
    if (!ids) return;
    this.byFile.delete(fileId);
    for (const id of ids) {
      this.countVector(this.chunks.get(id)?.vector, -1);
      this.chunks.delete(id);
      this.bm25.remove(id);
    }
  }

  keywordRanking(queryTerms: readonly string[], depth: number): Ranked[] {
    return this.bm25.search(queryTerms, this.weights, depth).map(([id, value]) => ({ id, value }));
  }

  /** Chunks by cosine similarity to the query, best first; unrelated ones (cosine ≤ 0) left out. */
  vectorRanking(queryVector: Float32Array, depth: number): Ranked[] {
    if (!this.vectorsOfLength.get(queryVector.length)) return [];
    const ranked: Ranked[] = [];
    for (const [id, chunk] of this.chunks) {
      // A vector of another length came from another embeddings model: not comparable.
      if (!chunk.vector || chunk.vector.length !== queryVector.length) continue;
      const value = dot(chunk.vector, queryVector);
      if (value > 0) ranked.push({ id, value });
    }
    return ranked.sort((a, b) => b.value - a.value || a.id - b.id).slice(0, depth);
  }
}
