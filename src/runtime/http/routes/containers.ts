import { Hono } from 'hono';
import { listQuerySchema, parseOrThrow } from '../../domain/requests';
import { createContainerSchema } from '../../domain/responseRequests';
import type { Containers } from '../../services/containers';
import { jsonBody, listBody, queryObject } from '../routeContext';

/** /v1/containers: what the Responses API's code interpreter runs in. */
export function containerRoutes(containers: Containers): Hono {
  const app = new Hono();
  app.post('/', async (c) => c.json(await containers.create(parseOrThrow(createContainerSchema, await jsonBody(c)))));
  app.get('/', async (c) => c.json(listBody(await containers.list(parseOrThrow(listQuerySchema, queryObject(c))))));
  app.get('/:container_id', async (c) => c.json(await containers.get(c.req.param('container_id'))));
  app.delete('/:container_id', async (c) => c.json(await containers.delete(c.req.param('container_id'))));
  return app;
}
