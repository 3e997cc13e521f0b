import { seconds, type Clock } from '../domain/clock';
import { conflict, notFound } from '../domain/errors';
import type { IdSource } from '../domain/ids';
import { shownItem, type Item } from '../domain/items';
import type { Thread } from '../domain/objects';
import type { InputItemParam, ItemListQuery } from '../domain/responseRequests';
import type { ItemLog } from '../engine/responses/itemLog';
import type { ObjectStore } from '../store/types';
import { includeOf, pageItems, type ItemPage } from './itemPages';
import type { Conversation as Threads } from './threads';

/** The Conversations API's object: a thread seen from the Responses side. */
export interface ConversationObject {
  id: string;
  object: 'conversation';
  created_at: number;
  metadata: Record<string, string>;
}

function asConversation(thread: Thread): ConversationObject {
  return { id: thread.id, object: 'conversation', created_at: thread.created_at, metadata: (thread.metadata ?? {}) as Record<string, string> };
}

/**
 * Conversations are threads (domain/items.ts): one created here is a thread the Assistants API
 * can run on (its id starts `conv_`), and any thread is a conversation here.
 */
export class ConversationService {
  constructor(
    private readonly store: ObjectStore,
    private readonly threads: Threads,
    private readonly items: ItemLog,
    private readonly ids: IdSource,
    private readonly clock: Clock,
  ) {}

  async create(p: { items?: InputItemParam[] | null | undefined; metadata?: Record<string, string> | null | undefined }): Promise<ConversationObject> {
    const items = await this.items.fromParams(p.items ?? []);
    const thread: Thread = { id: this.ids('conversation'), object: 'thread', created_at: seconds(this.clock()), metadata: p.metadata ?? {}, tool_resources: {} };
    await this.store.transaction(async () => {
      await this.store.insert('thread', thread);
      await this.items.appendToThread(thread.id, items);
    });
    return asConversation(thread);
  }

  async get(id: string): Promise<ConversationObject> {
    return asConversation(await this.thread(id));
  }

  async update(id: string, metadata: Record<string, string> | null): Promise<ConversationObject> {
    await this.thread(id);
    return asConversation(await this.threads.modifyThread(id, { metadata: metadata ?? {} }));
  }

  async delete(id: string): Promise<{ id: string; object: 'conversation.deleted'; deleted: true }> {
    await this.thread(id);
    await this.threads.deleteThread(id);
    return { id, object: 'conversation.deleted', deleted: true };
  }

  async listItems(id: string, query: ItemListQuery): Promise<ItemPage> {
    await this.thread(id);
    const include = includeOf(query);
    return pageItems((await this.items.threadItems(id)).map((i) => shownItem(i, include)), query);
  }

  async addItems(id: string, params: InputItemParam[]): Promise<ItemPage> {
    const items = await this.items.fromParams(params);
    await this.store.transaction(async () => {
      await this.thread(id);
      const active = await this.threads.activeRun(id);
      if (active) throw conflict(`Can't add items to ${id} while an Assistants run ${active.id} is active.`);
      await this.items.appendToThread(id, items);
    });
    return pageItems(items, { order: 'asc', limit: items.length });
  }

  async getItem(id: string, itemId: string, include: readonly string[] = []): Promise<Item> {
    await this.thread(id);
    const found = await this.items.get(itemId);
    if (!found || found.threadId !== id) throw notFound('item', itemId);
    return shownItem(found.item, include);
  }

  /** Deletes an item; answers with the conversation, as the spec's DeleteConversationItem does. */
  async deleteItem(id: string, itemId: string): Promise<ConversationObject> {
    const thread = await this.thread(id);
    if (!(await this.items.delete(id, itemId))) throw notFound('item', itemId);
    return asConversation(thread);
  }

  private async thread(id: string): Promise<Thread> {
    const thread = await this.store.get<Thread>('thread', id);
    if (!thread) throw notFound('conversation', id);
    return thread;
  }
}
