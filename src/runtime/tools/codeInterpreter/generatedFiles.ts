import path from 'node:path';
import { type Clock, seconds } from '../../domain/clock';
import type { FileBlobs } from '../../store/fileBlobs';
import type { IdSource } from '../../domain/ids';
import type { FileObject } from '../../domain/objects';
import type { ObjectStore } from '../../store/types';

/** What storing a file needs: the same store and blob folder the Files API serves from. */
export interface FileStoreDeps {
  store: ObjectStore;
  blobs: FileBlobs;
  ids: IdSource;
  clock: Clock;
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif']);

/** True for files the run step shows as an `image` output rather than a file link. */
export function isImage(filePath: string): boolean {
  return IMAGE_EXTENSIONS.has(path.posix.extname(filePath).toLowerCase());
}

/**
 * Stores bytes the code wrote as a File (purpose `assistants_output`), exactly as an upload is
 * stored: bytes first (so a crash never leaves a File without content), then the object. The
 * Files API then serves it at GET /v1/files/{id}/content.
 */
export async function storeGeneratedFile(deps: FileStoreDeps, filePath: string, bytes: Uint8Array): Promise<FileObject> {
  const file: FileObject = {
    id: deps.ids('file'),
    object: 'file',
    bytes: bytes.byteLength,
    created_at: seconds(deps.clock()),
    filename: path.posix.basename(filePath).slice(0, 255) || 'output',
    purpose: 'assistants_output',
    status: 'processed',
  };
  await deps.blobs.write(file.id, bytes);
  return await deps.store.insert('file', file);
}

/**
 * Names input files get under /mnt/data: the uploaded name, made safe for a path, and made
 * unique among the call's files (a second `data.csv` becomes `data-<file id>.csv`).
 */
export function inputFileNames(files: readonly { id: string; filename: string }[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const file of files) {
    let name = [...file.filename.split(/[\\/]/).pop()!].map((c) => (c.charCodeAt(0) < 32 ? '_' : c)).join('').trim();
    if (!name || name === '.' || name === '..') name = file.id;
    if (taken.has(name)) {
      const ext = path.posix.extname(name);
      name = `${name.slice(0, name.length - ext.length)}-${file.id}${ext}`;
    }
    taken.add(name);
    names.set(file.id, name);
  }
  return names;
}
