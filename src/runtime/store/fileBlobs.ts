import { createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rm, writeFile, rename } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The bytes of uploaded (and, later, generated) files, one file per id under the runtime's data
 * folder; the File objects themselves live in the database. Writes go to a temp name first, so
 * a crash never leaves half a file under a real id.
 *
 * @example
 *   const blobs = new FileBlobs('/data/files');
 *   await blobs.write('file-abc', bytes);
 */
export class FileBlobs {
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

  /** Takes a finished temp file in this folder (an upload streamed to disk) as `id`'s bytes. */
  async adopt(id: string, tmpPath: string): Promise<void> {
    await rename(tmpPath, this.pathOf(id));
  }

  /** The bytes as a stream, for responses: a 512 MB download never sits in memory. */
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
