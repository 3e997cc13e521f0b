import { seconds } from '../../domain/clock';
import { DomainError, conflict, invalidInput, notFound } from '../../domain/errors';
import type { CreateBatchParams, CreateFileParams, CreateVectorStoreParams, ModifyVectorStoreParams } from '../../domain/vectorStoreRequests';
import { createChunkIndex } from '../../fileSearch/chunkIndex';
import type { ChunkIndex } from '../../fileSearch/types';
import type { Page, PageQuery } from '../../store/types';
import { StoreExpiry } from './expiry';
import { filteredPage } from './filteredPage';
import { Ingestion } from './ingestion';
import { FileLedger } from './ledger';
import { batchEntries, modifiedVectorStore, newBatch, newVectorStore } from './newObjects';
import {
  type Attributes, type FileStatus, publicFile, type StoredFile, type VectorStore, type VectorStoreFile, type VectorStoreFileBatch,
} from './objects';
import { filesToResume } from './recovery';
import type { VectorStoreServiceDeps } from './deps';
import { searchStores, type SearchRequest, type SearchResult } from './search';


export type { SearchRequest, SearchResult } from './search';
export type { VectorStoreServiceDeps } from './deps';

/**
 * Vector stores, their files and file batches: the logic behind http/routes/vectorStores.ts and the
 * file_search tool. Adding a file returns at once with the file `in_progress`; ingestion (read →
 * extract → chunk → index, ingestion.ts) runs in the background, and each file settles on its own
 * as completed or failed with a `last_error`, so one bad file never fails its batch. Counts on the
 * store and the batch move with the file's status (ledger.ts), so they never disagree.
 *
 * Start-up recovery (`recover`) resumes files a crash left in_progress, once: a file found
 * in_progress again after its resume fails with `server_error` rather than crash every start.
 * Expiry (expiry.ts) is checked when a store is read or used; an expired store cannot be searched or added to.
 *
 * @example
 *   const service = new VectorStoreService({ store, blobs, clock, ids, logger });
 *   const vs = service.create({ name: 'Notes', file_ids: [file.id] });
 *   await service.idle();
 *   const hits = await service.search([vs.id], { queries: ['quadratic formula'], maxResults: 10, scoreThreshold: 0 });
 */
export class VectorStoreService {
  readonly index: ChunkIndex;
  private readonly ledger: FileLedger;
  private readonly ingestion: Ingestion;
  private readonly expiry: StoreExpiry;
  /** Start-up recovery, until the files it resumes are scheduled. */
  private recovering: Promise<void> = Promise.resolve();

  constructor(private readonly deps: VectorStoreServiceDeps) {
    this.index = deps.index ?? createChunkIndex({ driver: deps.store.driver, ...(deps.embedder ? { embedder: deps.embedder } : {}), logger: deps.logger });
    this.ledger = new FileLedger(deps.store, deps.clock);
    this.ingestion = new Ingestion({ store: deps.store, blobs: deps.blobs, index: this.index, ledger: this.ledger, logger: deps.logger, parallel: deps.parallel ?? 4, ...(deps.leases ? { leases: deps.leases } : {}) });
    this.expiry = new StoreExpiry({ ...deps, index: this.index, ledger: this.ledger, ingestion: this.ingestion });
  }

  private get now(): number {
    return seconds(this.deps.clock());
  }

  // ── Stores ──────────────────────────────────────────────────────────────────────────────────

  async create(params: CreateVectorStoreParams): Promise<VectorStore> {
    const fileIds = [...new Set(params.file_ids ?? [])];
    for (const [i, id] of fileIds.entries()) await this.requireFile(id, `file_ids[${i}]`);
    const vs = newVectorStore(this.deps.ids('vector_store'), this.now, params);
    const { store } = this.deps;
    return await store.transaction(async () => {
      await store.insert('vector_store', vs);
      for (const file_id of fileIds) await this.attach(vs.id, { file_id, ...(params.chunking_strategy ? { chunking_strategy: params.chunking_strategy } : {}) });
      return (await store.get<VectorStore>('vector_store', vs.id))!;
    });
  }

  /** The store, expiring it first if its time has passed. */
  async get(id: string, param: string | null = null): Promise<VectorStore> {
    const vs = await this.deps.store.get<VectorStore>('vector_store', id);
    if (!vs) throw notFound('vector store', id, param);
    return this.expiry.expireIfDue(vs);
  }

  async list(page: PageQuery): Promise<Page<VectorStore>> {
    const result = await this.deps.store.list<VectorStore>('vector_store', {}, page);
    return { ...result, data: await Promise.all(result.data.map((vs) => this.expiry.expireIfDue(vs))) };
  }

  async modify(id: string, params: ModifyVectorStoreParams): Promise<VectorStore> {
    const vs = await this.get(id);
    const next = modifiedVectorStore(vs, params, this.now);
    await this.deps.store.update('vector_store', next);
    return this.expiry.expireIfDue(next);
  }

  /** Deletes the store with its files and batches (the Files themselves stay). */
  async remove(id: string): Promise<void> {
    await this.get(id);
    this.ingestion.cancelStore(id);
    await this.deps.store.delete('vector_store', id);
    await this.index.dropStore(id);
  }

  // ── Files ───────────────────────────────────────────────────────────────────────────────────

  async addFile(vectorStoreId: string, params: CreateFileParams): Promise<VectorStoreFile> {
    await this.usable(vectorStoreId);
    await this.requireFile(params.file_id, 'file_id');
    return await this.deps.store.transaction(async () => {
      const file = await this.attach(vectorStoreId, params);
      await this.ledger.touch(vectorStoreId);
      return publicFile(file);
    });
  }

  /**
   * Adds files to a store without the API's checks (thread attachments): a File that does not
   * exist becomes a failed vector store file saying so, instead of failing the message it came with.
   */
  async addFilesLeniently(vectorStoreId: string, fileIds: string[]): Promise<void> {
    await this.deps.store.transaction(async () => {
      for (const file_id of fileIds) {
        if (await this.deps.store.get('file', file_id)) await this.attach(vectorStoreId, { file_id });
        else await this.ledger.attachFailed(vectorStoreId, file_id, { code: 'invalid_file', message: `No file found with id '${file_id}'. Upload it with purpose 'assistants' and attach it again.` });
      }
      await this.ledger.touch(vectorStoreId);
    });
  }

  async getFile(vectorStoreId: string, fileId: string): Promise<VectorStoreFile> {
    await this.get(vectorStoreId);
    return publicFile(await this.loadFile(vectorStoreId, fileId));
  }

  async updateFileAttributes(vectorStoreId: string, fileId: string, attributes: Attributes | null): Promise<VectorStoreFile> {
    await this.get(vectorStoreId);
    const next = { ...(await this.loadFile(vectorStoreId, fileId)), attributes: attributes ?? {} };
    await this.deps.store.update('vector_store_file', next, { scope: { parent_id: vectorStoreId } });
    return publicFile(next);
  }

  /** Removes the file from the store (and from search); the File itself stays. */
  async removeFile(vectorStoreId: string, fileId: string): Promise<void> {
    await this.get(vectorStoreId);
    await this.loadFile(vectorStoreId, fileId);
    this.ingestion.cancel(vectorStoreId, fileId);
    await this.ledger.detach(vectorStoreId, fileId);
    await this.index.remove(vectorStoreId, fileId);
  }

  /**
   * A page of the store's files, optionally only those with one status or in one batch. Cursors
   * name any file of the store: filtered pages are cut from the full list in order.
   */
  async listFiles(vectorStoreId: string, query: PageQuery & { filter?: FileStatus; batchId?: string }): Promise<Page<VectorStoreFile>> {
    await this.get(vectorStoreId);
    const { filter, batchId, ...page } = query;
    const scope = { parent_id: vectorStoreId };
    if (!filter && !batchId) {
      const result = await this.deps.store.list<StoredFile>('vector_store_file', scope, page);
      return { ...result, data: result.data.map(publicFile) };
    }
    // The status column has no index per owner, and a store holds thousands of files at most:
    // walking them is cheaper than a second query set.
    const { data, has_more } = filteredPage(await this.ledger.allFiles(vectorStoreId, page.order), page, (f) => (!filter || f.status === filter) && (!batchId || f.batch_id === batchId));
    return { data: data.map(publicFile), has_more };
  }

  /** The text search sees for one file of the store (its extracted text, as one page). */
  async fileText(vectorStoreId: string, fileId: string): Promise<string> {
    await this.get(vectorStoreId);
    await this.loadFile(vectorStoreId, fileId);
    return this.ingestion.textOf(fileId);
  }

  // ── Batches ─────────────────────────────────────────────────────────────────────────────────

  async createBatch(vectorStoreId: string, params: CreateBatchParams): Promise<VectorStoreFileBatch> {
    await this.usable(vectorStoreId);
    const entries = batchEntries(params);
    for (const [i, e] of entries.entries()) await this.requireFile(e.file_id, params.files ? `files[${i}].file_id` : `file_ids[${i}]`);
    // A file named twice is added once, with its last settings.
    const unique = [...new Map(entries.map((e) => [e.file_id, e])).values()];
    const batch = newBatch(this.deps.ids('vector_store_file_batch'), this.now, vectorStoreId);
    const { store } = this.deps;
    return await store.transaction(async () => {
      await store.insert('vector_store_file_batch', batch, { parent_id: vectorStoreId });
      for (const entry of unique) await this.attach(vectorStoreId, entry, batch.id);
      await this.ledger.touch(vectorStoreId);
      // Every file may already have been in progress elsewhere: then there is nothing to wait for.
      return this.ledger.completeBatchIfDone((await store.get<VectorStoreFileBatch>('vector_store_file_batch', batch.id))!);
    });
  }

  async getBatch(vectorStoreId: string, batchId: string): Promise<VectorStoreFileBatch> {
    await this.get(vectorStoreId);
    const batch = await this.deps.store.get<VectorStoreFileBatch>('vector_store_file_batch', batchId);
    if (!batch || batch.vector_store_id !== vectorStoreId) throw notFound('vector store file batch', batchId);
    return batch;
  }

  /** Stops the batch's unfinished files (they become `cancelled`); finished ones stay. */
  async cancelBatch(vectorStoreId: string, batchId: string): Promise<VectorStoreFileBatch> {
    const batch = await this.getBatch(vectorStoreId, batchId);
    if (batch.status !== 'in_progress') throw conflict(`Cannot cancel a batch with status '${batch.status}': only batches in progress can be cancelled.`);
    const { store } = this.deps;
    return await store.transaction(async () => {
      // Cancelled first, so the files settling below do not complete it.
      await store.update('vector_store_file_batch', { ...batch, status: 'cancelled' });
      await this.expiry.cancelFiles(vectorStoreId, (f) => f.batch_id === batchId);
      return (await store.get<VectorStoreFileBatch>('vector_store_file_batch', batchId))!;
    });
  }

  // ── Search ──────────────────────────────────────────────────────────────────────────────────

  /** Searches stores and merges the hits, best first (search.ts); every store must exist and not be expired. */
  async search(vectorStoreIds: string[], request: SearchRequest): Promise<SearchResult[]> {
    for (const id of vectorStoreIds) await this.usable(id);
    return searchStores(this.index, this.ledger, vectorStoreIds, request);
  }

  /** As `search`, but skips stores that are gone or expired (a run's tool must not fail on them). */
  async searchAvailable(vectorStoreIds: string[], request: SearchRequest): Promise<{ results: SearchResult[]; searched: string[] }> {
    const searched: string[] = [];
    for (const id of vectorStoreIds) {
      const vs = await this.deps.store.get<VectorStore>('vector_store', id);
      if (vs !== undefined && (await this.expiry.expireIfDue(vs)).status !== 'expired') searched.push(id);
    }
    return { results: searched.length ? await searchStores(this.index, this.ledger, searched, request) : [], searched };
  }

  // ── Lifecycle ───────────────────────────────────────────────────────────────────────────────

  /**
   * Settles what a crash left behind: files still in_progress are ingested again (once; see the
   * class comment), expired stores are marked, and batches whose files all finished complete.
   */
  async recover(): Promise<void> {
    const { store } = this.deps;
    const resume = await filesToResume(store, this.index, this.ledger, this.deps.leases);
    // The `resumed` marks must be on disk before ingestion starts: sql.js saves snapshots
    // asynchronously, and a second kill -9 soon after start-up resumed every file again instead of
    // failing it (test/reliability/crash.test.ts), which is the crash loop the mark exists to stop.
    this.recovering = store.driver.durable().then(() => {
      for (const file of resume) this.ingestion.start(file.vector_store_id, file.id);
    });
    for (const batch of await store.withStatus<VectorStoreFileBatch>('vector_store_file_batch', ['in_progress'])) await this.ledger.completeBatchIfDone(batch);
    for (const vs of await store.withStatus<VectorStore>('vector_store', ['in_progress', 'completed'])) await this.expiry.expireIfDue(vs);
  }

  /** Resumes files whose indexing instance died (`work`: their expired lease ids), as after a crash; the heartbeat calls it. */
  async resumeOrphans(work: readonly string[]): Promise<void> {
    for (const file of await filesToResume(this.deps.store, this.index, this.ledger, this.deps.leases, work)) this.ingestion.start(file.vector_store_id, file.id);
  }

  /** Resolves when no ingestion is pending (tests, and a clean shutdown). */
  async idle(): Promise<void> {
    await this.recovering;
    return this.ingestion.idle();
  }

  /** Stops ingestion; files left in_progress are resumed by `recover` on the next start. */
  close(): Promise<void> {
    return this.ingestion.close();
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────────

  /** A store that may be searched and added to: it exists and has not expired. */
  private async usable(id: string): Promise<VectorStore> {
    const vs = await this.get(id);
    if (vs.status === 'expired') {
      throw invalidInput(`Vector store ${id} has expired (it was inactive past its expires_after). Create a new vector store.`, 'vector_store_id');
    }
    return vs;
  }

  private async requireFile(fileId: string, param: string): Promise<void> {
    if (!await this.deps.store.get('file', fileId)) throw notFound('file', fileId, param);
  }

  private async loadFile(vectorStoreId: string, fileId: string): Promise<StoredFile> {
    const file = await this.ledger.file(vectorStoreId, fileId);
    if (!file) throw new DomainError('not_found', `No file found with id '${fileId}' in vector store '${vectorStoreId}'.`, 'file_id');
    return file;
  }

  /** Attaches a file and starts its ingestion, unless it is already being ingested. */
  private async attach(vectorStoreId: string, params: CreateFileParams, batchId?: string): Promise<StoredFile> {
    const { file, fresh } = await this.ledger.attach(vectorStoreId, params, batchId);
    if (fresh) this.ingestion.start(vectorStoreId, file.id);
    return file;
  }
}
