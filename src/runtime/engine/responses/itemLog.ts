import { seconds, type Clock } from '../../domain/clock';
import { invalidInput } from '../../domain/errors';
import type { IdSource } from '../../domain/ids';
import { messageToItem, type Item, type ItemContent, type MessageItem, type StoredItem } from '../../domain/items';
import type { Message, MessageContent } from '../../domain/objects';
import type { InputItemParam, InputPart } from '../../domain/responseRequests';
import type { ObjectStore, Scope } from '../../store/types';

/**
 * Where items live. In a conversation (a thread), user and assistant messages are the thread's
 * messages and every other item is a row of kind `item` in the thread; a response without a
 * conversation owns its items (rows of kind `item` whose parent is the response, deleted with it).
 */
export class ItemLog {
  constructor(
    private readonly store: ObjectStore,
    private readonly ids: IdSource,
    private readonly clock: Clock,
  ) {}

  /** Input parameters as items with ids; an `item_reference` is looked up. */
  async fromParams(params: readonly InputItemParam[] | string): Promise<Item[]> {
    if (typeof params === 'string') return [this.message('user', [{ type: 'input_text', text: params }])];
    const out: Item[] = [];
    // An item sent back whole from an earlier response (its output replayed as input) keeps its id
    // only if no stored item has it: the copy is a new item.
    const used = new Set<string>();
    const fresh = async (id: string | undefined, kind: 'function_call' | 'file_search_call' | 'code_interpreter_call'): Promise<string> => {
      const keep = id && !used.has(id) && !(await this.get(id));
      const chosen = keep ? id : this.ids(kind);
      used.add(chosen);
      return chosen;
    };
    for (const [i, p] of params.entries()) {
      if (p.type === 'item_reference') {
        const found = await this.get(p.id);
        if (!found) throw invalidInput(`No item found with id '${p.id}'.`, `input[${i}].id`);
        out.push(found.item);
      } else if (p.type === 'function_call') {
        out.push({ type: 'function_call', id: await fresh(p.id, 'function_call'), call_id: p.call_id, name: p.name, arguments: p.arguments, status: 'completed' });
      } else if (p.type === 'file_search_call') {
        const results = p.results?.map((r) => ({ file_id: r.file_id, filename: r.filename ?? '', score: r.score ?? 0, text: r.text ?? '', attributes: {} })) ?? null;
        out.push({ type: 'file_search_call', id: await fresh(p.id, 'file_search_call'), status: p.status ?? 'completed', queries: p.queries, results });
      } else if (p.type === 'code_interpreter_call') {
        out.push({ type: 'code_interpreter_call', id: await fresh(p.id, 'code_interpreter_call'), status: p.status ?? 'completed', container_id: p.container_id, code: p.code, outputs: p.outputs ?? null });
      } else if (p.type === 'function_call_output') {
        const output = typeof p.output === 'string' ? p.output : p.output.map(partText).join('');
        out.push({ type: 'function_call_output', id: this.ids('function_call_output'), call_id: p.call_id, output, status: 'completed' });
      } else {
        const content = typeof p.content === 'string' ? [textPart(p.role, p.content)] : p.content.map((part) => contentOf(p.role, part));
        out.push(this.message(p.role, content));
      }
    }
    return out;
  }

  message(role: MessageItem['role'], content: ItemContent[]): MessageItem {
    return { type: 'message', id: this.ids('message'), status: 'completed', role, content };
  }

  /** Adds items to a conversation, in order. */
  async appendToThread(threadId: string, items: readonly Item[]): Promise<void> {
    await this.store.transaction(async () => {
      for (const item of items) {
        if (item.type === 'message' && (item.role === 'user' || item.role === 'assistant')) await this.store.insert('message', this.threadMessage(threadId, item), { thread_id: threadId });
        else await this.store.insert<StoredItem>('item', { id: item.id, created_at: this.now(), thread_id: threadId, item }, { thread_id: threadId });
      }
    });
  }

  /** Adds items a response without a conversation owns. */
  async appendToResponse(responseId: string, items: readonly Item[]): Promise<void> {
    await this.store.transaction(async () => {
      for (const item of items) await this.store.insert<StoredItem>('item', { id: item.id, created_at: this.now(), thread_id: null, item }, { parent_id: responseId });
    });
  }

  /** Every item of a conversation, oldest first: its messages and its other items, interleaved. */
  async threadItems(threadId: string): Promise<Item[]> {
    const [messages, rows] = await Promise.all([
      this.all<Message>('message', { thread_id: threadId }),
      this.all<StoredItem>('item', { thread_id: threadId }),
    ]);
    return inCreationOrder([
      ...messages.map((m) => ({ at: m.created_at, id: m.id, item: messageToItem(m) as Item })),
      ...rows.map((r) => ({ at: r.created_at, id: r.id, item: r.item })),
    ]);
  }

  /** The items a response without a conversation owns, oldest first. */
  async responseItems(responseId: string): Promise<Item[]> {
    return inCreationOrder((await this.all<StoredItem>('item', { parent_id: responseId })).map((r) => ({ at: r.created_at, id: r.id, item: r.item })));
  }

  /** An item by id, wherever it is: a thread's message or an item row (`kind` says which). */
  async get(id: string): Promise<{ item: Item; threadId: string | null; kind: 'message' | 'item' } | undefined> {
    const message = await this.store.get<Message>('message', id);
    if (message) return { item: messageToItem(message), threadId: message.thread_id, kind: 'message' };
    const row = await this.store.get<StoredItem>('item', id);
    return row ? { item: row.item, threadId: row.thread_id, kind: 'item' } : undefined;
  }

  /** Deletes an item of a conversation. */
  async delete(threadId: string, id: string): Promise<boolean> {
    const found = await this.get(id);
    if (!found || found.threadId !== threadId) return false;
    return this.store.delete(found.kind, id);
  }

  private threadMessage(threadId: string, item: MessageItem): Message {
    const now = this.now();
    return {
      id: item.id,
      object: 'thread.message',
      created_at: now,
      thread_id: threadId,
      status: item.status,
      incomplete_details: item.status === 'incomplete' ? { reason: 'max_tokens' } : null,
      completed_at: item.status === 'completed' ? now : null,
      incomplete_at: item.status === 'incomplete' ? now : null,
      role: item.role as 'user' | 'assistant',
      content: item.content.map(toMessageContent).filter((c): c is MessageContent => c !== undefined),
      assistant_id: null,
      run_id: null,
      attachments: [],
      metadata: {},
    };
  }

  private now(): number {
    return seconds(this.clock());
  }

  private async all<T>(kind: 'message' | 'item', scope: Scope): Promise<T[]> {
    const out: T[] = [];
    for (let after: string | undefined; ;) {
      const page = await this.store.list<T & { id: string }>(kind, scope, { limit: 100, order: 'asc', ...(after ? { after } : {}) });
      out.push(...page.data);
      if (!page.has_more || page.data.length === 0) return out;
      after = page.data[page.data.length - 1]!.id;
    }
  }
}

/**
 * Items sorted as they were made. The store pages by (created_at, id), and ids of different item
 * types have different prefixes (`msg_`, `fc_`), so within one second that order is the prefixes'.
 * What follows the prefix is a clock and a counter (domain/ids.ts): that part orders them.
 */
function inCreationOrder(rows: { at: number; id: string; item: Item }[]): Item[] {
  const key = (id: string) => id.slice(id.indexOf('_') + 1);
  return rows
    .map((r) => ({ ...r, key: key(r.id) }))
    .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.item);
}

function textPart(role: MessageItem['role'], text: string): ItemContent {
  return role === 'assistant' ? { type: 'output_text', text, annotations: [], logprobs: [] } : { type: 'input_text', text };
}

function contentOf(role: MessageItem['role'], part: InputPart): ItemContent {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return textPart(role, part.text);
    case 'refusal':
      return { type: 'refusal', refusal: part.refusal };
    case 'input_image':
      return { type: 'input_image', image_url: part.image_url ?? null, file_id: part.file_id ?? null, detail: part.detail ?? 'auto' };
  }
}

function partText(part: InputPart): string {
  return part.type === 'input_text' || part.type === 'output_text' ? part.text : part.type === 'refusal' ? part.refusal : '';
}

function toMessageContent(part: ItemContent): MessageContent | undefined {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: { value: part.text, annotations: [] } };
    case 'refusal':
      return { type: 'refusal', refusal: part.refusal };
    case 'input_image':
      if (part.file_id) return { type: 'image_file', image_file: { file_id: part.file_id, detail: part.detail } };
      return part.image_url ? { type: 'image_url', image_url: { url: part.image_url, detail: part.detail } } : undefined;
  }
}
