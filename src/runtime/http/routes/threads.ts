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
    return c.json(threads.createThread({ ...p, tool_resources: withHelperStores(vectorStores, p.tool_resources) }));
  });

  // Create a thread and run it in one call.
  app.post('/runs', async (c) => {
    const { thread: threadParams, tool_resources, ...runParams } = parseOrThrow(createThreadAndRunSchema, await jsonBody(c));
    assistants.get(runParams.assistant_id, 'assistant_id');
    const thread = threads.createThread({ ...threadParams, tool_resources: withHelperStores(vectorStores, threadParams?.tool_resources ?? tool_resources ?? null) });
    return startRun(deps, c, thread.id, runParams, { event: 'thread.created', data: thread });
  });

  app.get('/:thread_id', (c) => c.json(threads.getThread(c.req.param('thread_id'))));
  app.post('/:thread_id', async (c) => {
    const id = c.req.param('thread_id');
    threads.getThread(id);
    const p = parseOrThrow(modifyThreadSchema, await jsonBody(c));
    return c.json(threads.modifyThread(id, { metadata: p.metadata, ...(p.tool_resources !== undefined ? { tool_resources: withHelperStores(vectorStores, p.tool_resources) } : {}) }));
  });
  app.delete('/:thread_id', (c) => {
    const id = c.req.param('thread_id');
    threads.deleteThread(id);
    return c.json({ id, object: 'thread.deleted', deleted: true });
  });

  // Messages
  app.post('/:thread_id/messages', async (c) => c.json(threads.addMessage(c.req.param('thread_id'), parseOrThrow(createMessageSchema, await jsonBody(c)))));
  app.get('/:thread_id/messages', (c) => {
    const threadId = c.req.param('thread_id');
    threads.getThread(threadId);
    return c.json(listBody(threads.listMessages(threadId, parseOrThrow(listMessagesQuerySchema, queryObject(c)))));
  });
  app.get('/:thread_id/messages/:id', (c) => c.json(threads.getMessage(c.req.param('thread_id'), c.req.param('id'))));
  app.post('/:thread_id/messages/:id', async (c) => {
    const threadId = c.req.param('thread_id');
    const id = c.req.param('id');
    threads.getMessage(threadId, id);
    const p = parseOrThrow(modifyMetadataSchema, await jsonBody(c));
    return c.json(threads.modifyMessage(threadId, id, p.metadata));
  });
  app.delete('/:thread_id/messages/:id', (c) => {
    const m = threads.deleteMessage(c.req.param('thread_id'), c.req.param('id'));
    return c.json({ id: m.id, object: 'thread.message.deleted', deleted: true });
  });
  return app;
}
