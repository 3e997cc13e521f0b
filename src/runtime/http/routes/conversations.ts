import { Hono } from 'hono';
import { parseOrThrow } from '../../domain/requests';
import { createConversationSchema, createItemsSchema, itemListQuerySchema, itemQuerySchema, updateConversationSchema } from '../../domain/responseRequests';
import { includeOf } from '../../services/itemPages';
import type { ConversationService } from '../../services/conversations';
import { jsonBody, queryObject } from '../routeContext';

export function conversationRoutes(conversations: ConversationService): Hono {
  const app = new Hono();
  app.post('/', async (c) => c.json(await conversations.create(parseOrThrow(createConversationSchema, await jsonBody(c)))));
  app.get('/:conversation_id', async (c) => c.json(await conversations.get(c.req.param('conversation_id'))));
  app.post('/:conversation_id', async (c) => c.json(await conversations.update(c.req.param('conversation_id'), parseOrThrow(updateConversationSchema, await jsonBody(c)).metadata)));
  app.delete('/:conversation_id', async (c) => c.json(await conversations.delete(c.req.param('conversation_id'))));
  app.get('/:conversation_id/items', async (c) => c.json(await conversations.listItems(c.req.param('conversation_id'), parseOrThrow(itemListQuerySchema, queryObject(c)))));
  app.post('/:conversation_id/items', async (c) => c.json(await conversations.addItems(c.req.param('conversation_id'), parseOrThrow(createItemsSchema, await jsonBody(c)).items)));
  app.get('/:conversation_id/items/:item_id', async (c) => {
    const query = parseOrThrow(itemQuerySchema, queryObject(c));
    return c.json(await conversations.getItem(c.req.param('conversation_id'), c.req.param('item_id'), includeOf(query)));
  });
  app.delete('/:conversation_id/items/:item_id', async (c) => c.json(await conversations.deleteItem(c.req.param('conversation_id'), c.req.param('item_id'))));
  return app;
}
