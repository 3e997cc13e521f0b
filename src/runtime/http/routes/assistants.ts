import { Hono } from 'hono';
import { seconds } from '../../domain/clock';
import { ApiError } from '../apiError';
import type { Assistant } from '../../domain/objects';
import { createAssistantSchema, listQuerySchema, modifyAssistantSchema, parseOrThrow } from '../../domain/requests';
import { withHelperStores } from '../../services/vectorStores/threadStores';
import { jsonBody, listBody, queryObject, type RouteDeps } from '../routeContext';

export function assistantRoutes({ store, ids, clock, vectorStores }: RouteDeps): Hono {
  const app = new Hono();
  const load = (id: string) => {
    const a = store.get<Assistant>('assistant', id);
    if (!a) throw ApiError.notFound('assistant', id);
    return a;
  };

  app.post('/', async (c) => {
    const p = parseOrThrow(createAssistantSchema, await jsonBody(c));
    const assistant: Assistant = {
      id: ids('assistant'), object: 'assistant', created_at: seconds(clock()),
      name: p.name ?? null, description: p.description ?? null, model: p.model, instructions: p.instructions ?? null,
      tools: (p.tools ?? []) as Assistant['tools'], tool_resources: (withHelperStores(vectorStores, p.tool_resources) ?? {}) as Assistant['tool_resources'],
      metadata: p.metadata ?? {}, temperature: p.temperature ?? 1, top_p: p.top_p ?? 1,
      response_format: (p.response_format ?? 'auto') as Assistant['response_format'],
    };
    return c.json(store.insert('assistant', assistant));
  });
  app.get('/', (c) => c.json(listBody(store.list<Assistant>('assistant', {}, parseOrThrow(listQuerySchema, queryObject(c))))));
  app.get('/:id', (c) => c.json(load(c.req.param('id'))));
  app.post('/:id', async (c) => {
    const current = load(c.req.param('id'));
    const p = parseOrThrow(modifyAssistantSchema, await jsonBody(c));
    if (p.tool_resources) p.tool_resources = withHelperStores(vectorStores, p.tool_resources);
    const next = { ...current, ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) } as Assistant;
    return c.json(store.update('assistant', next));
  });
  app.delete('/:id', (c) => {
    const id = c.req.param('id');
    load(id);
    store.delete('assistant', id);
    return c.json({ id, object: 'assistant.deleted', deleted: true });
  });
  return app;
}
