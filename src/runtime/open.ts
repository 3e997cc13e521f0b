import path from 'node:path';
import type { ProviderFactory } from '../providers/types';
import { createRuntime, type Runtime, type RuntimeDeps } from './runtime';
import { createObjectStore } from './store/objectStore';
import { openDatabase } from './store/open';

export interface OpenRuntimeOptions extends Omit<RuntimeDeps, 'store'> {
  /** Folder for the SQLite file; omitted means in memory (tests). */
  dataDir?: string;
  driver?: 'auto' | 'node-sqlite' | 'sql.js';
  /** A PostgreSQL URL: the database lives there instead (file bytes stay in `dataDir`). */
  databaseUrl?: string;
  /** Where sql.js finds its WASM when bundled (the extension ships it in dist/). */
  wasmPath?: string;
  providers: ProviderFactory;
}

/**
 * Opens the database, recovers runs a crash left behind, and returns a ready runtime whose
 * `close()` also closes the database.
 *
 * @example
 *   const runtime = await openRuntime({ dataDir: '/tmp/tutor', providers });
 *   const res = await runtime.fetch(new Request('http://local/v1/assistants'));
 */
export async function openRuntime(options: OpenRuntimeOptions): Promise<Runtime> {
  const { dataDir, driver, wasmPath, databaseUrl, ...deps } = options;
  const db = await openDatabase({
    ...(dataDir ? { dir: dataDir } : {}),
    ...(databaseUrl ? { url: databaseUrl } : {}),
    driver: driver ?? 'auto',
    ...(wasmPath ? { wasmPath } : {}),
    ...(deps.logger ? { logger: (m: string) => deps.logger!.info(m) } : {}),
  });
  const runtime = createRuntime({ ...(dataDir ? { filesDir: path.join(dataDir, 'files') } : {}), ...deps, store: createObjectStore(db) });
  return {
    ...runtime,
    async close() {
      await runtime.close();
      await db.close();
    },
  };
}
