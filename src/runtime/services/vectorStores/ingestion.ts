import type { Logger } from '../../domain/clock';
import { invalidInput, notFound } from '../../domain/errors';
import type { FileBlobs } from '../../store/fileBlobs';
import { chunkText } from '../../fileSearch/chunk';
import { extractText } from '../../fileSearch/extract';
import { type ChunkIndex, IngestError } from '../../fileSearch/types';
import type { FileObject } from '../../domain/objects';
import type { ObjectStore } from '../../store/types';
import type { Leases } from '../../store/leases';
import { JobQueue } from './jobQueue';
import type { FileLedger } from './ledger';
import { AUTO_CHUNKING, fileKey, type VectorStoreFile } from './objects';

export interface IngestionDeps {
  store: ObjectStore;
  blobs: FileBlobs;
  index: ChunkIndex;
  ledger: FileLedger;
  logger: Logger;
  /** Files ingested at once. */
  parallel: number;
  /** Held while a file is indexed, so other instances on a shared database leave it alone. */
  leases?: Leases;
}

/** The lease id of indexing a vector store file (a run's is its own id). */
export const fileWork = (vectorStoreId: string, fileId: string): string => `file:${fileKey(vectorStoreId, fileId)}`;

/**
 * The background half of adding a file: read its bytes, extract the text, chunk it, index the
 * chunks, then settle the file as completed or failed (with a `last_error`). Each file is its own
 * job, so one bad file never stops the others; a job aborted (cancel, removal, shutdown) leaves
 * nothing in the index and does not touch the file's status.
 *
 * @example
 *   ingestion.start('vs_1', 'file-a');
 *   await ingestion.idle();
 */
export class Ingestion {
  private readonly jobs: JobQueue;
  private closing = false;
  /**
   * The last lease action of each file, so actions land in the order they were asked for: on a
   * pooled database the background claim made at queue time and the hand-back at shutdown may
   * go over different connections, and a claim landing after its hand-back would leave a live
   * lease that the next start-up has to wait out.
   */
  private readonly leaseChains = new Map<string, Promise<void>>();

  constructor(private readonly deps: IngestionDeps) {
    this.jobs = new JobQueue(deps.parallel, deps.logger);
  }

  /** The text search sees for a File (its extracted text); a file that cannot be read as text is invalid input. */
  async textOf(fileId: string): Promise<string> {
    const meta = await this.deps.store.get<FileObject>('file', fileId);
    if (!meta) throw notFound('file', fileId);
    try {
      return await extractText(meta.filename, await this.deps.blobs.read(fileId));
    } catch (err) {
      if (err instanceof IngestError) throw invalidInput(err.message, 'file_id', err.code);
      throw err;
    }
  }

  /** Indexes the file once the transaction that attached it (if any) has committed. */
  start(vectorStoreId: string, fileId: string): void {
    this.deps.store.driver.afterCommit(() => {
      // Claimed as soon as it is queued, not when its turn comes: a file waiting behind a long
      // batch on an instance that dies then has a lease that runs out, and another instance's
      // heartbeat takes it over; unclaimed, nothing would until the next start.
      void this.lease('claim', fileKey(vectorStoreId, fileId));
      this.jobs.schedule(fileKey(vectorStoreId, fileId), (signal) => this.ingest(vectorStoreId, fileId, signal));
    });
  }

  cancel(vectorStoreId: string, fileId: string): void {
    const key = fileKey(vectorStoreId, fileId);
    if (this.jobs.cancel(key)) void this.lease('release', key);
  }

  cancelStore(vectorStoreId: string): void {
    for (const key of this.jobs.cancelWhere(fileKey(vectorStoreId, ''))) void this.lease('release', key);
  }

  idle(): Promise<void> {
    return this.jobs.idle();
  }

  close(): Promise<void> {
    this.closing = true;
    // Queued files go back too, for another instance (or the next start) to take at once.
    for (const key of this.jobs.waitingKeys()) void this.lease('handBack', key);
    return this.jobs.close();
  }

  /**
   * Claims, releases or hands back a file's lease after the file's earlier lease actions (a
   * failure is logged and only delays a takeover). The returned promise never rejects.
   */
  private lease(action: 'claim' | 'release' | 'handBack', key: string): Promise<void> {
    const { leases, logger } = this.deps;
    if (!leases) return Promise.resolve();
    const next = (this.leaseChains.get(key) ?? Promise.resolve())
      .then(() => leases[action](`file:${key}`))
      .catch((err: unknown) => logger.warn(`File search: could not ${action} the lease of ${key} (${(err as Error).message}).`));
    this.leaseChains.set(key, next);
    void next.then(() => {
      if (this.leaseChains.get(key) === next) this.leaseChains.delete(key);
    });
    return next;
  }

  private async ingest(vectorStoreId: string, fileId: string, signal: AbortSignal): Promise<void> {
    const key = fileKey(vectorStoreId, fileId);
    await this.lease('claim', key);
    try {
      await this.indexFile(vectorStoreId, fileId, signal);
    } finally {
      // Stopped by a shutdown, the file is still in progress: handed back for another instance (or the next start) to resume.
      await this.lease(this.closing ? 'handBack' : 'release', key);
    }
  }

  private async indexFile(vectorStoreId: string, fileId: string, signal: AbortSignal): Promise<void> {
    const { index, ledger } = this.deps;
    const file = await ledger.file(vectorStoreId, fileId);
    if (file?.status !== 'in_progress') return;
    let usageBytes = 0;
    let error: VectorStoreFile['last_error'] = null;
    try {
      // A re-added or resumed file starts clean (jobs of one file never overlap, so this is safe).
      await index.remove(vectorStoreId, fileId);
      const meta = await this.deps.store.get<FileObject>('file', fileId);
      if (!meta) throw new IngestError('invalid_file', `No file found with id '${fileId}': it was deleted before it could be indexed.`);
      const bytes = await this.deps.blobs.read(fileId).catch(() => {
        throw new IngestError('invalid_file', `The content of ${meta.filename} (${fileId}) is missing from the runtime's file storage.`);
      });
      signal.throwIfAborted();
      const text = await extractText(meta.filename, bytes);
      signal.throwIfAborted();
      const chunks = chunkText(text, file.chunking_strategy?.type === 'static' ? file.chunking_strategy.static : AUTO_CHUNKING);
      if (chunks.length === 0) throw new IngestError('invalid_file', `${meta.filename} contains no text to search.`);
      ({ usageBytes } = await index.add(vectorStoreId, fileId, meta.filename, chunks, signal));
    } catch (err) {
      if (!signal.aborted) error = lastError(err, `indexing ${fileId} into ${vectorStoreId}`, this.deps.logger);
    }
    const settled = !signal.aborted && await ledger.settle(vectorStoreId, fileId, error ? 'failed' : 'completed', { usage_bytes: error ? 0 : usageBytes, last_error: error });
    // Cancelled, removed or failed meanwhile: leave nothing searchable behind.
    if (!settled || error) await index.remove(vectorStoreId, fileId);
  }
}

/** An IngestError says what is wrong with the file; anything else is our fault, and logged. */
function lastError(err: unknown, what: string, logger: Logger): NonNullable<VectorStoreFile['last_error']> {
  if (err instanceof IngestError) return { code: err.code, message: err.message };
  logger.error(`${what} failed`, err);
  return { code: 'server_error', message: `Indexing failed: ${err instanceof Error ? err.message : String(err)}` };
}
