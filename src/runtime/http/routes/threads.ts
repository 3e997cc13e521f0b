import { Hono } from 'hono';
import type { Message, Thread } from '../../domain/objects';
import {
  createMessageSchema, createThreadAndRunSchema, createThreadSchema, listMessagesQuerySchema, modifyMetadataSchema, modifyThreadSchema, parseOrThrow,
} from '../../domain/requests';
import { ApiError } from '../apiError';
import { withHelperStores } from '../../services/vectorStores/threadStores';
import { jsonBody, listBody, queryObject, type RouteDeps } from '../routeContext';
import { startRun } from './runs';

export function threadRoutes(deps: RouteDeps): Hono {
  const { store, engine, vectorStores } = deps;
  const conv = engine.conversation;
  const app = new Hono();

  app.post('/', async (c) => {
    const p = parseOrThrow(createThreadSchema, await jsonBody(c));
    return c.json(conv.createThread({ ...p, tool_resources: withHelperStores(vectorStores, p.tool_resources) }));
  });

  // Create a thread and run it in one call.
  app.post('/runs', async (c) => {
    const { thread: threadParams, tool_resources, ...runParams } = parseOrThrow(createThreadAndRunSchema, await jsonBody(c));
    if (!store.get('assistant', runParams.assistant_id)) throw ApiError.notFound('assistant', runParams.assistant_id, 'assistant_id');
    const thread = conv.createThread({ ...threadParams, tool_resources: withHelperStores(vectorStores, threadParams?.tool_resources ?? tool_resources ?? null) });
    return startRun(deps, c, thread.id, runParams, { event: 'thread.created', data: thread });
  });

  app.get('/:thread_id', (c) => c.json(conv.getThread(c.req.param('thread_id'))));
  app.post('/:thread_id', async (c) => {
    const thread = conv.getThread(c.req.param('thread_id'));
    const p = parseOrThrow(modifyThreadSchema, await jsonBody(c));
    const next: Thread = { ...thread, ...(p.metadata !== undefined ? { metadata: p.metadata ?? {} } : {}), ...(p.tool_resources !== undefined ? { tool_resources: (withHelperStores(vectorStores, p.tool_resources) ?? {}) as Thread['tool_resources'] } : {}) };
    return c.json(store.update('thread', next));
  });
  app.delete('/:thread_id', (c) => {
    const id = c.req.param('thread_id');
    conv.getThread(id);
    const active = conv.activeRun(id);
    if (active) engine.cancel(id, active.id);
    store.delete('thread', id);
    return c.json({ id, object: 'thread.deleted', deleted: true });
  });

  // Messages
  app.post('/:thread_id/messages', async (c) => c.json(conv.addMessage(c.req.param('thread_id'), parseOrThrow(createMessageSchema, await jsonBody(c)))));
  app.get('/:thread_id/messages', (c) => {
    const threadId = c.req.param('thread_id');
    conv.getThread(threadId);
    const { run_id, ...page } = parseOrThrow(listMessagesQuerySchema, queryObject(c));
    return c.json(listBody(store.list<Message>('message', run_id ? { thread_id: threadId, run_id } : { thread_id: threadId }, page)));
  });
  const loadMessage = (threadId: string, id: string) => {
    conv.getThread(threadId);
    const m = store.get<Message>('message', id);
    if (!m || m.thread_id !== threadId) throw ApiError.notFound('message', id);
    return m;
  };
  app.get('/:thread_id/messages/:id', (c) => c.json(loadMessage(c.req.param('thread_id'), c.req.param('id'))));
  app.post('/:thread_id/messages/:id', async (c) => {
    const m = loadMessage(c.req.param('thread_id'), c.req.param('id'));
    const p = parseOrThrow(modifyMetadataSchema, await jsonBody(c));
    return c.json(store.update('message', { ...m, metadata: p.metadata ?? m.metadata }));
  });
  app.delete('/:thread_id/messages/:id', (c) => {
    const m = loadMessage(c.req.param('thread_id'), c.req.param('id'));
    store.delete('message', m.id);
    return c.json({ id: m.id, object: 'thread.message.deleted', deleted: true });
  });
  return app;
}
