import { Hono } from 'hono';
import { z } from 'zod';
import { seconds } from '../../domain/clock';
import { ApiError } from '../apiError';
import type { FileBlobs } from '../../store/fileBlobs';
import { parseOrThrow } from '../../domain/requests';
import { rm } from 'node:fs/promises';
import { receiveUpload } from '../multipartUpload';
import { listBody, queryObject, type RouteDeps } from '../routeContext';

/** The File object, as the spec's OpenAIFile has it (`status` is deprecated but still required). */
export interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: 'assistants' | 'assistants_output' | 'vision' | 'user_data';
  status: 'processed';
}

/** Purposes this runtime accepts on upload; the others belong to APIs it does not serve. */
const UPLOAD_PURPOSES = ['assistants', 'vision', 'user_data'] as const;

const listFilesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1, "'limit' must be between 1 and 10000").max(10_000, "'limit' must be between 1 and 10000").default(10_000),
  order: z.enum(['asc', 'desc']).default('desc'),
  after: z.string().min(1).optional(),
  purpose: z.string().optional(),
});

const MIME: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf', '.json': 'application/json', '.csv': 'text/csv', '.txt': 'text/plain', '.md': 'text/markdown',
};

export function fileRoutes({ store, ids, clock }: RouteDeps, blobs: FileBlobs, maxFileBytes: number): Hono {
  const app = new Hono();
  const load = (id: string) => {
    const f = store.get<FileObject>('file', id);
    if (!f) throw ApiError.notFound('file', id);
    return f;
  };

  app.post('/', async (c) => {
    if (!(c.req.header('content-type') ?? '').includes('multipart/form-data')) {
      throw ApiError.badRequest("Uploads are multipart/form-data with a 'file' part and a 'purpose' field.", 'file');
    }
    const { fields, file } = await receiveUpload(c.req.raw, blobs.dir, maxFileBytes);
    try {
      const purpose = fields.get('purpose');
      if (purpose === undefined) throw ApiError.badRequest("Missing required parameter: 'purpose'.", 'purpose', 'missing_required_parameter');
      if (!(UPLOAD_PURPOSES as readonly string[]).includes(purpose)) {
        throw ApiError.badRequest(`Invalid 'purpose': this server accepts ${UPLOAD_PURPOSES.map((p) => `'${p}'`).join(', ')}.`, 'purpose', 'invalid_value');
      }
      if (!file) throw ApiError.badRequest("Missing required parameter: 'file' (a file part).", 'file', 'missing_required_parameter');
      const object: FileObject = {
        id: ids('file'), object: 'file', bytes: file.bytes, created_at: seconds(clock()),
        filename: path(file.filename || 'upload'), purpose: purpose as FileObject['purpose'], status: 'processed',
      };
      await blobs.adopt(object.id, file.tmpPath);
      return c.json(store.insert('file', object));
    } finally {
      // Gone already when adopted; otherwise the refused upload's bytes go too.
      if (file) await rm(file.tmpPath, { force: true });
    }
  });

  app.get('/', (c) => {
    const { purpose, ...page } = parseOrThrow(listFilesQuery, queryObject(c));
    if (!purpose) return c.json(listBody(store.list<FileObject>('file', {}, page)));
    // Few files per user: filtering a full page keeps one query set for every kind.
    const all = store.list<FileObject>('file', {}, { ...page, limit: 10_000 });
    const data = all.data.filter((f) => f.purpose === purpose).slice(0, page.limit);
    return c.json(listBody({ data, has_more: all.data.filter((f) => f.purpose === purpose).length > data.length }));
  });
  app.get('/:id', (c) => c.json(load(c.req.param('id'))));
  app.get('/:id/content', async (c) => {
    const f = load(c.req.param('id'));
    const ext = f.filename.slice(f.filename.lastIndexOf('.')).toLowerCase();
    return new Response(blobs.stream(f.id), {
      headers: { 'content-type': MIME[ext] ?? 'application/octet-stream', 'content-disposition': `attachment; filename="${encodeURIComponent(f.filename)}"` },
    });
  });
  app.delete('/:id', async (c) => {
    const f = load(c.req.param('id'));
    store.delete('file', f.id);
    await blobs.remove(f.id);
    return c.json({ id: f.id, object: 'file' as const, deleted: true });
  });
  return app;
}

/** Keeps only the last path segment of an uploaded name (browsers and SDKs may send a path). */
function path(name: string): string {
  return name.split(/[\\/]/).pop()!.slice(0, 255) || 'upload';
}
