import type { ChunkIndex } from '../../fileSearch/types';
import type { ObjectStore } from '../../store/types';
import type { Leases } from '../../store/leases';
import { fileWork } from './ingestion';
import type { FileLedger } from './ledger';
import type { StoredFile } from './objects';

/**
 * After a crash (or, on a shared database, once the instance indexing them died): marks each
 * file found in_progress that nobody is indexing as resumed and returns them to ingest again,
 * once; a file found in_progress a second time fails instead, so a file that crashes the process
 * cannot crash every start. `only`: just the files of these lease ids (whose leases ran out).
 */
export async function filesToResume(store: ObjectStore, index: ChunkIndex, ledger: FileLedger, leases: Leases | undefined, only?: readonly string[]): Promise<StoredFile[]> {
  const resume: StoredFile[] = [];
  const wanted = only && new Set(only);
  for (const file of await store.withStatus<StoredFile>('vector_store_file', ['in_progress'])) {
    const work = fileWork(file.vector_store_id, file.id);
    if (wanted && !wanted.has(work)) continue;
    // On a shared database, a file another live instance is indexing is not ours to resume.
    if (!(await orphanedFile(file, store, leases))) continue;
    const storeId = file.vector_store_id;
    if (file.resumed) {
      // Chunks the interrupted attempt already stored go first, so no snapshot holds a failed
      // file that is still searchable (seen by test/reliability/crash.test.ts on node:sqlite).
      await index.remove(storeId, file.id);
      await ledger.settle(storeId, file.id, 'failed', {
        last_error: { code: 'server_error', message: 'Indexing this file was interrupted twice by the runtime stopping. Add the file again to retry.' },
      }, true);
      continue;
    }
    await store.update('vector_store_file', { ...file, resumed: true }, { scope: { parent_id: storeId } });
    resume.push(file);
  }
  // Leases that ran out on work no longer to do (the file finished, failed or went): gone, unless
  // taken again meanwhile.
  for (const work of only ?? []) await leases?.releaseIfExpired(work);
  return resume;
}

/**
 * Whether nobody is indexing the file: always on a database only this process uses; on a shared
 * one, when its lease ran out, or when it has none and is older than a lease (a file is added a
 * moment before its indexing claims it).
 */
export async function orphanedFile(file: StoredFile, store: ObjectStore, leases: Leases | undefined): Promise<boolean> {
  if (!store.driver.shared || !leases) return true;
  const lease = await leases.of(fileWork(file.vector_store_id, file.id));
  if (lease) return !leases.live(lease);
  return file.created_at * 1000 + leases.leaseMs < Date.now();
}
