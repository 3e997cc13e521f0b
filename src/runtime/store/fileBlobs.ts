import { createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rm, writeFile, rename } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The bytes of uploaded and generated files, by File id (the File objects live in the store). */
export interface FileBlobs {
  /** A folder for uploads on their way in (a request body is streamed to disk, then adopted). */
  readonly dir: string;
  write(id: string, bytes: Uint8Array): Promise<void>;
  /** Takes a finished temp file in `dir` (an upload streamed to disk) as `id`'s bytes. */
  adopt(id: string, tmpPath: string): Promise<void>;
  stream(id: string): ReadableStream<Uint8Array>;
  read(id: string): Promise<Buffer>;
  remove(id: string): Promise<void>;
}

/**
 * File bytes as files, one per id under the runtime's data folder: for a database one process
 * uses (SQLite). Writes go to a temp name first, so a crash never leaves half a file under a
 * real id.
 *
 * @example
 *   const blobs = new FolderBlobs('/data/files');
 *   await blobs.write('file-abc', bytes);
 */
export class FolderBlobs implements FileBlobs {
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(path.join(tmpdir(), 'tutor-files-'));
    mkdirSync(this.dir, { recursive: true });
    // Uploads and writes a crash interrupted: never a file of anyone's, only their partial bytes.
    for (const name of readdirSync(this.dir)) if (name.endsWith('.part') || name.endsWith('.tmp')) rmSync(path.join(this.dir, name), { force: true });
  }

  private pathOf(id: string): string {
    // Ids are ours (`file-` + base-58-like text), but never let one name a path outside the folder.
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`Not a file id: ${id}`);
    return path.join(this.dir, id);
  }

  async write(id: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(id);
    await writeFile(`${target}.tmp`, bytes);
    await rename(`${target}.tmp`, target);
  }

  async adopt(id: string, tmpPath: string): Promise<void> {
    await rename(tmpPath, this.pathOf(id));
  }

  stream(id: string): ReadableStream<Uint8Array> {
    return Readable.toWeb(createReadStream(this.pathOf(id))) as ReadableStream<Uint8Array>;
  }

  read(id: string): Promise<Buffer> {
    return readFile(this.pathOf(id));
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }
}
