import { rm } from 'node:fs/promises';
import { Hono } from 'hono';
import { z } from 'zod';
import { parseOrThrow } from '../../domain/requests';
import { ApiError } from '../apiError';
import { receiveUpload } from '../multipartUpload';
import { listBody, queryObject, type RouteDeps } from '../routeContext';

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

export function fileRoutes({ files }: RouteDeps, maxFileBytes: number): Hono {
  const app = new Hono();

  app.post('/', async (c) => {
    if (!(c.req.header('content-type') ?? '').includes('multipart/form-data')) {
      throw ApiError.badRequest("Uploads are multipart/form-data with a 'file' part and a 'purpose' field.", 'file');
    }
    const { fields, file } = await receiveUpload(c.req.raw, files.blobs.dir, maxFileBytes);
    try {
      return c.json(await files.create(fields.get('purpose'), file));
    } finally {
      // Gone already when adopted; otherwise the refused upload's bytes go too.
      if (file) await rm(file.tmpPath, { force: true });
    }
  });

  app.get('/', async (c) => c.json(listBody(await files.list(parseOrThrow(listFilesQuery, queryObject(c))))));
  app.get('/:id', async (c) => c.json(await files.get(c.req.param('id'))));
  app.get('/:id/content', async (c) => {
    const f = await files.get(c.req.param('id'));
    const ext = f.filename.slice(f.filename.lastIndexOf('.')).toLowerCase();
    return new Response(files.blobs.stream(f.id), {
      headers: { 'content-type': MIME[ext] ?? 'application/octet-stream', 'content-disposition': `attachment; filename="${encodeURIComponent(f.filename)}"` },
    });
  });
  app.delete('/:id', async (c) => {
    const f = await files.remove(c.req.param('id'));
    return c.json({ id: f.id, object: 'file' as const, deleted: true });
  });
  return app;
}
