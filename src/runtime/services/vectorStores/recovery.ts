import type { ChunkIndex } from '../../fileSearch/types';
import type { ObjectStore } from '../../store/types';
import type { FileLedger } from './ledger';
import type { StoredFile } from './objects';

/**
 * After a crash (or, on a shared database, once the instance indexing them died): marks each
 * file found in_progress (that `orphan` accepts) as resumed and returns them to ingest again,
 * once; a file found in_progress a second time fails instead, so a file that crashes the process
 * cannot crash every start.
 */
export async function filesToResume(store: ObjectStore, index: ChunkIndex, ledger: FileLedger, orphan: (file: StoredFile) => Promise<boolean> = async () => true): Promise<StoredFile[]> {
  const resume: StoredFile[] = [];
  for (const file of await store.withStatus<StoredFile>('vector_store_file', ['in_progress'])) {
    // On a shared database, a file another live instance is indexing is not ours to resume.
    if (!(await orphan(file))) continue;
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
  return resume;
}
