import { Hono, type Context } from 'hono';
import { listQuerySchema, parseOrThrow } from '../../domain/requests';
import type { VectorStoreService } from '../../services/vectorStores/service';
import {
  createBatchSchema, createFileSchema, createVectorStoreSchema, listFilesQuerySchema, modifyVectorStoreSchema, searchSchema, updateFileSchema,
} from '../../domain/vectorStoreRequests';
import { jsonBody, listBody, queryObject } from '../routeContext';

/** How long the SDK's createAndPoll/uploadAndPoll wait between polls while ingestion runs. */
const POLL_AFTER_MS = '25';

/** Sends an object, hinting the SDK's pollers to come back soon while it is still in progress. */
function withPollHint<T extends { status: string }>(c: Context, object: T): Response {
  if (object.status === 'in_progress') c.header('openai-poll-after-ms', POLL_AFTER_MS);
  return c.json(object);
}

/** The Vector Stores API (stores, their files, file batches, search); the logic is in the service. */
export function vectorStoreRoutes(service: VectorStoreService): Hono {
  const app = new Hono();

  app.post('/', async (c) => c.json(await service.create(parseOrThrow(createVectorStoreSchema, await jsonBody(c)))));
  app.get('/', async (c) => c.json(listBody(await service.list(parseOrThrow(listQuerySchema, queryObject(c))))));
  app.get('/:id', async (c) => withPollHint(c, await service.get(c.req.param('id'))));
  app.post('/:id', async (c) => c.json(await service.modify(c.req.param('id'), parseOrThrow(modifyVectorStoreSchema, await jsonBody(c)))));
  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    await service.remove(id);
    return c.json({ id, object: 'vector_store.deleted' as const, deleted: true });
  });

  app.post('/:id/search', async (c) => {
    const id = c.req.param('id');
    const p = parseOrThrow(searchSchema, await jsonBody(c));
    const queries = typeof p.query === 'string' ? [p.query] : p.query;
    const results = await service.search([id], {
      queries, maxResults: p.max_num_results, scoreThreshold: p.ranking_options?.score_threshold ?? 0, ...(p.filters ? { filters: p.filters } : {}), signal: c.req.raw.signal,
    });
    return c.json({
      object: 'vector_store.search_results.page' as const,
      search_query: queries,
      data: results.map((r) => ({ file_id: r.file_id, filename: r.filename, score: r.score, attributes: r.attributes, content: [{ type: 'text' as const, text: r.text }] })),
      has_more: false,
      next_page: null,
    });
  });

  // Files
  app.post('/:id/files', async (c) => withPollHint(c, await service.addFile(c.req.param('id'), parseOrThrow(createFileSchema, await jsonBody(c)))));
  app.get('/:id/files', async (c) => {
    const { filter, ...page } = parseOrThrow(listFilesQuerySchema, queryObject(c));
    return c.json(listBody(await service.listFiles(c.req.param('id'), { ...page, ...(filter ? { filter } : {}) })));
  });
  app.get('/:id/files/:file_id', async (c) => withPollHint(c, await service.getFile(c.req.param('id'), c.req.param('file_id'))));
  app.post('/:id/files/:file_id', async (c) => {
    const { attributes } = parseOrThrow(updateFileSchema, await jsonBody(c));
    return c.json(await service.updateFileAttributes(c.req.param('id'), c.req.param('file_id'), attributes));
  });
  app.delete('/:id/files/:file_id', async (c) => {
    const fileId = c.req.param('file_id');
    await service.removeFile(c.req.param('id'), fileId);
    return c.json({ id: fileId, object: 'vector_store.file.deleted' as const, deleted: true });
  });
  app.get('/:id/files/:file_id/content', async (c) => {
    const text = await service.fileText(c.req.param('id'), c.req.param('file_id'));
    return c.json({ object: 'vector_store.file_content.page' as const, data: [{ type: 'text', text }], has_more: false, next_page: null });
  });

  // File batches
  app.post('/:id/file_batches', async (c) => withPollHint(c, await service.createBatch(c.req.param('id'), parseOrThrow(createBatchSchema, await jsonBody(c)))));
  app.get('/:id/file_batches/:batch_id', async (c) => withPollHint(c, await service.getBatch(c.req.param('id'), c.req.param('batch_id'))));
  app.post('/:id/file_batches/:batch_id/cancel', async (c) => c.json(await service.cancelBatch(c.req.param('id'), c.req.param('batch_id'))));
  app.get('/:id/file_batches/:batch_id/files', async (c) => {
    const vectorStoreId = c.req.param('id');
    const batch = await service.getBatch(vectorStoreId, c.req.param('batch_id'));
    const { filter, ...page } = parseOrThrow(listFilesQuerySchema, queryObject(c));
    return c.json(listBody(await service.listFiles(vectorStoreId, { ...page, batchId: batch.id, ...(filter ? { filter } : {}) })));
  });
  return app;
}
