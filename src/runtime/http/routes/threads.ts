import { Hono } from 'hono';
import {
  createMessageSchema, createThreadAndRunSchema, createThreadSchema, listMessagesQuerySchema, modifyMetadataSchema, modifyThreadSchema, parseOrThrow,
} from '../../domain/requests';
import { withHelperStores } from '../../services/vectorStores/threadStores';
import { jsonBody, listBody, queryObject, type RouteDeps } from '../routeContext';
import { startRun } from './runs';

export function threadRoutes(deps: RouteDeps): Hono {
  const { threads, assistants, vectorStores } = deps;
  const app = new Hono();

  app.post('/', async (c) => {
    const p = parseOrThrow(createThreadSchema, await jsonBody(c));
    return c.json(await threads.createThread({ ...p, tool_resources: await withHelperStores(vectorStores, p.tool_resources) }));
  });

  // Create a thread and run it in one call.
  app.post('/runs', async (c) => {
    const { thread: threadParams, tool_resources, ...runParams } = parseOrThrow(createThreadAndRunSchema, await jsonBody(c));
    await assistants.get(runParams.assistant_id, 'assistant_id');
    const thread = await threads.createThread({ ...threadParams, tool_resources: await withHelperStores(vectorStores, threadParams?.tool_resources ?? tool_resources ?? null) });
    return startRun(deps, c, thread.id, runParams, { event: 'thread.created', data: thread });
  });

  app.get('/:thread_id', async (c) => c.json(await threads.getThread(c.req.param('thread_id'))));
  app.post('/:thread_id', async (c) => {
    const id = c.req.param('thread_id');
    await threads.getThread(id);
    const p = parseOrThrow(modifyThreadSchema, await jsonBody(c));
    return c.json(await threads.modifyThread(id, { metadata: p.metadata, ...(p.tool_resources !== undefined ? { tool_resources: await withHelperStores(vectorStores, p.tool_resources) } : {}) }));
  });
  app.delete('/:thread_id', async (c) => {
    const id = c.req.param('thread_id');
    await threads.deleteThread(id);
    return c.json({ id, object: 'thread.deleted', deleted: true });
  });

  // Messages
  app.post('/:thread_id/messages', async (c) => c.json(await threads.addMessage(c.req.param('thread_id'), parseOrThrow(createMessageSchema, await jsonBody(c)))));
  app.get('/:thread_id/messages', async (c) => {
    const threadId = c.req.param('thread_id');
    await threads.getThread(threadId);
    return c.json(listBody(await threads.listMessages(threadId, parseOrThrow(listMessagesQuerySchema, queryObject(c)))));
  });
  app.get('/:thread_id/messages/:id', async (c) => c.json(await threads.getMessage(c.req.param('thread_id'), c.req.param('id'))));
  app.post('/:thread_id/messages/:id', async (c) => {
    const threadId = c.req.param('thread_id');
    const id = c.req.param('id');
    await threads.getMessage(threadId, id);
    const p = parseOrThrow(modifyMetadataSchema, await jsonBody(c));
    return c.json(await threads.modifyMessage(threadId, id, p.metadata));
  });
  app.delete('/:thread_id/messages/:id', async (c) => {
    const m = await threads.deleteMessage(c.req.param('thread_id'), c.req.param('id'));
    return c.json({ id: m.id, object: 'thread.message.deleted', deleted: true });
  });
  return app;
}
