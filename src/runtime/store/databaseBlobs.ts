import { mkdirSync, mkdtempSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileBlobs } from './fileBlobs';
import { FILE_CHUNK_SQL } from './schema';
import type { SqlDriver } from './types';

/** Bytes per row: a 512 MB upload is 512 rows, each far below PostgreSQL's 1 GB field limit and read one at a time. */
const PIECE = 1 << 20;

/**
 * File bytes in the database, in pieces of 1 MiB: for a database several instances share, where
 * a file uploaded through one must be readable through every other (a shared folder would be a
 * second thing to provision, back up and keep consistent with the database). Every file has at
 * least one piece, so a file without a piece 0 is a file that is not there.
 *
 * @example
 *   const blobs = new DatabaseBlobs(driver);
 *   await blobs.write('file-abc', bytes);
 */
export class DatabaseBlobs implements FileBlobs {
  readonly dir: string;

  constructor(
    private readonly driver: SqlDriver,
    dir?: string,
  ) {
    this.dir = dir ?? mkdtempSync(path.join(tmpdir(), 'tutor-uploads-'));
    mkdirSync(this.dir, { recursive: true });
  }

  async write(id: string, bytes: Uint8Array): Promise<void> {
    await this.driver.transaction(async () => {
      await this.driver.run(FILE_CHUNK_SQL.remove, [id]);
      let seq = 0;
      for (let at = 0; at < bytes.byteLength || seq === 0; at += PIECE) await this.driver.run(FILE_CHUNK_SQL.insert, [id, seq++, bytes.subarray(at, at + PIECE)]);
    });
  }

  async adopt(id: string, tmpPath: string): Promise<void> {
    const file = await open(tmpPath, 'r');
    try {
      // One transaction: a crash halfway leaves no piece of it under the id.
      await this.driver.transaction(async () => {
        await this.driver.run(FILE_CHUNK_SQL.remove, [id]);
        const buffer = Buffer.alloc(PIECE);
        for (let seq = 0; ; seq++) {
          const { bytesRead } = await file.read(buffer, 0, PIECE, null);
          if (bytesRead === 0 && seq > 0) break;
          await this.driver.run(FILE_CHUNK_SQL.insert, [id, seq, buffer.subarray(0, bytesRead)]);
          if (bytesRead < PIECE) break;
        }
      });
    } finally {
      await file.close();
      await rm(tmpPath, { force: true });
    }
  }

  stream(id: string): ReadableStream<Uint8Array> {
    let seq = 0;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const piece = await this.piece(id, seq++);
        if (piece === undefined) {
          if (seq === 1) controller.error(missing(id));
          else controller.close();
          return;
        }
        // An empty file's one piece: nothing to send, and the next pull finds no piece 1.
        if (piece.byteLength) controller.enqueue(piece);
      },
    });
  }

  async read(id: string): Promise<Buffer> {
    const pieces: Uint8Array[] = [];
    for (let seq = 0; ; seq++) {
      const piece = await this.piece(id, seq);
      if (piece === undefined) break;
      pieces.push(piece);
    }
    if (!pieces.length) throw missing(id);
    return Buffer.concat(pieces);
  }

  async remove(id: string): Promise<void> {
    await this.driver.run(FILE_CHUNK_SQL.remove, [id]);
  }

  private async piece(id: string, seq: number): Promise<Uint8Array | undefined> {
    const row = await this.driver.get<{ data: Uint8Array }>(FILE_CHUNK_SQL.read, [id, seq]);
    return row ? new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) : undefined;
  }
}

/** As reading a missing file fails on disk, so callers treat both alike. */
function missing(id: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`No bytes are stored for file ${id}.`), { code: 'ENOENT' });
}
