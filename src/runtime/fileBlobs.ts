import { mkdirSync, mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile, rename } from 'node:fs/promises';
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

  read(id: string): Promise<Buffer> {
    return readFile(this.pathOf(id));
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }
}
