/**
 * How the sql.js driver puts a snapshot on disk so that a crash at any moment leaves either the
 * old file or the new one, whole: write a temp file beside it, fsync, rename over it, fsync the
 * folder.
 */
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { DATABASE_FILE } from './nodeSqliteDriver';

/** The temp file a snapshot is written to before it replaces tutor.sqlite. */
export function snapshotTempFile(dir: string): string {
  return path.join(dir, `${DATABASE_FILE}.tmp`);
}

/** Replaces `<dir>/tutor.sqlite` with `bytes` so a crash leaves either the old or the new file. */
export async function writeAtomically(dir: string, bytes: Uint8Array): Promise<void> {
  const temp = snapshotTempFile(dir);
  const file = await open(temp, 'w');
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await renameWithRetry(temp, path.join(dir, DATABASE_FILE));
  await syncDirectory(dir);
}

/** Windows refuses a rename while a virus scanner or indexer holds the target open; it lets go soon. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 5 || !(code === 'EPERM' || code === 'EACCES' || code === 'EBUSY')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
}

/** Makes the rename itself durable on POSIX; Windows cannot open a folder for fsync, and needs not. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some filesystems refuse to fsync a folder; the snapshot itself is already synced.
  }
}
