import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { ApiError } from './apiError';
import { MULTIPART_OVERHEAD_BYTES } from '../domain/limits';

export interface ReceivedUpload {
  fields: Map<string, string>;
  /** The `file` part, written to `tmpPath` (in the folder given); absent when the form had none. */
  file?: { tmpPath: string; filename: string; bytes: number };
}

const malformed = () => ApiError.badRequest('The multipart body could not be read: it is malformed or cut short.', 'file');

/**
 * Streams a multipart upload to a temp file in `dir` as it arrives (busboy parses it), so the
 * file's bytes are never held in memory. Refused with a 413 by Content-Length before a byte is
 * read, or at the limit while counting; a refused or broken upload leaves no file behind.
 */
export async function receiveUpload(request: Request, dir: string, maxFileBytes: number): Promise<ReceivedUpload> {
  const tooLarge = () => ApiError.payloadTooLarge(maxFileBytes, 'The file');
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxFileBytes + MULTIPART_OVERHEAD_BYTES) throw tooLarge();
  if (!request.body) throw malformed();
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': request.headers.get('content-type') ?? '' },
      // Clients (the SDKs' FormData, browsers, curl) send a file name as raw UTF-8 bytes; busboy's
      // default reads them as latin1, which turned 二次方程.md into mojibake.
      defParamCharset: 'utf8',
      limits: { files: 1, fileSize: maxFileBytes, fields: 8, fieldSize: 64 * 1024, parts: 16 },
    });
  } catch {
    throw malformed();
  }
  const source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  const fields = new Map<string, string>();
  let file: ReceivedUpload['file'];
  let writing: Promise<void> | undefined;
  let fileStream: Readable | undefined;
  let refusal: ApiError | undefined;
  const stop = (error: ApiError) => {
    refusal ??= error;
    // Stops reading what the client still sends; the response closes the connection (http/app.ts).
    source.unpipe(parser);
    source.destroy();
    fileStream?.destroy();
  };
  parser.on('field', (name, value) => fields.set(name, value));
  parser.on('file', (name, stream, info) => {
    if (name !== 'file' || file) return void stream.resume();
    fileStream = stream;
    const tmpPath = path.join(dir, `upload-${randomUUID()}.part`);
    file = { tmpPath, filename: info.filename ?? '', bytes: 0 };
    stream.on('data', (chunk: Buffer) => (file!.bytes += chunk.length));
    stream.on('limit', () => stop(tooLarge()));
    writing = pipeline(stream, createWriteStream(tmpPath)).catch(() => stop(refusal ?? malformed()));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('close', resolve);
      parser.on('error', () => reject(malformed()));
      source.on('error', () => reject(refusal ?? malformed()));
      source.on('close', () => refusal && reject(refusal));
      source.pipe(parser);
    });
    await writing;
    if (refusal) throw refusal;
    return { fields, ...(file ? { file } : {}) };
  } catch (err) {
    await writing?.catch(() => undefined);
    if (file) await rm(file.tmpPath, { force: true });
    throw err instanceof ApiError ? err : malformed();
  }
}
