import { Hono } from 'hono';
import { createAssistantSchema, listQuerySchema, modifyAssistantSchema, parseOrThrow } from '../../domain/requests';
import { jsonBody, listBody, queryObject, type RouteDeps } from '../routeContext';

export function assistantRoutes({ assistants }: RouteDeps): Hono {
  const app = new Hono();
  app.post('/', async (c) => c.json(await assistants.create(parseOrThrow(createAssistantSchema, await jsonBody(c)))));
  app.get('/', async (c) => c.json(listBody(await assistants.list(parseOrThrow(listQuerySchema, queryObject(c))))));
  app.get('/:id', async (c) => c.json(await assistants.get(c.req.param('id'))));
  app.post('/:id', async (c) => {
    const id = c.req.param('id');
    await assistants.get(id);
    return c.json(await assistants.modify(id, parseOrThrow(modifyAssistantSchema, await jsonBody(c))));
  });
  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    await assistants.remove(id);
    return c.json({ id, object: 'assistant.deleted', deleted: true });
  });
  return app;
}
