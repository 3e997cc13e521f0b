import type { ChatRequest } from '../../providers/types';
import { seconds, type Clock } from '../domain/clock';
import { conflict, invalidInput, notFound } from '../domain/errors';
import type { IdSource } from '../domain/ids';
import { shownItem, type Item } from '../domain/items';
import type { CreateResponseParams, ItemListQuery } from '../domain/responseRequests';
import type { ItemLog } from '../engine/responses/itemLog';
import { RESPONSE_CANCEL_CHANNEL, responseWork, type ResponseEngine, type ResponseEventSink } from '../engine/responses/responseEngine';
import type { Leases } from '../store/leases';
import { chatMessagesOf, type ResponseObject, type StoredResponse } from '../engine/responses/responseObject';
import { fitContext } from '../engine/responses/responseContext';
import { responseTool } from '../engine/responses/responseTools';
import type { Containers } from './containers';
import type { ObjectStore } from '../store/types';
import { includeOf, pageItems, type ItemPage } from './itemPages';
import type { Conversation } from './threads';

/** How long a cancel waits for the instance executing a response to stop it. */
const CANCEL_WAIT_MS = 5_000;
/** How long a resumed stream of a response executing elsewhere waits for its end. */
const FOLLOW_ELSEWHERE_MS = 15 * 60_000;
const POLL_MS = 250;

/**
 * The Responses API: a response reads its context (a conversation's items, or the chain of
 * `previous_response_id`), adds its input there, and runs in the foreground, streamed, or in the
 * background. A conversation is a thread (domain/items.ts), so a thread the Assistants API wrote
 * can be continued here and back.
 */
export class ResponseService {
  constructor(
    private readonly store: ObjectStore,
    private readonly items: ItemLog,
    private readonly engine: ResponseEngine,
    private readonly threads: Conversation,
    private readonly ids: IdSource,
    private readonly clock: Clock,
    private readonly containers: Containers,
    private readonly leases?: Leases,
  ) {}

  /**
   * Checks and stores a response; `start` then executes it (a stream passes its sink) and resolves
   * when it has ended. Split so a bad request is a 400 before any stream begins.
   */
  async create(p: CreateResponseParams): Promise<{ response: ResponseObject; start(sink?: ResponseEventSink): Promise<ResponseObject> }> {
    const conversationId = typeof p.conversation === 'string' ? p.conversation : (p.conversation?.id ?? null);
    if (conversationId && p.previous_response_id) throw invalidInput("'previous_response_id' and 'conversation' cannot be used together.", 'conversation');
    const persist = p.store !== false;
    if (!persist && p.background) throw invalidInput('A background response must be stored: leave out store: false.', 'store');
    if (!persist && conversationId) throw invalidInput('A response in a conversation is stored there: leave out store: false.', 'store');

    const input = await this.items.fromParams(p.input ?? []);
    let context: Item[];
    if (conversationId) {
      await this.threads.getThread(conversationId, 'conversation');
      const active = await this.threads.activeRun(conversationId);
      if (active) throw conflict(`Conversation ${conversationId} has an active Assistants run ${active.id}; wait for it to end or cancel it.`, 'conversation');
      context = await this.items.threadItems(conversationId);
    } else {
      context = p.previous_response_id ? await this.chain(p.previous_response_id) : [];
    }

    const id = this.ids('response');
    const response: ResponseObject = {
      id,
      object: 'response',
      created_at: seconds(this.clock()),
      status: p.background ? 'queued' : 'in_progress',
      completed_at: null,
      error: null,
      incomplete_details: null,
      instructions: p.instructions ?? null,
      model: p.model,
      output: [],
      parallel_tool_calls: p.parallel_tool_calls ?? true,
      previous_response_id: p.previous_response_id ?? null,
      conversation: conversationId ? { id: conversationId } : null,
      tools: (p.tools ?? []).map(responseTool),
      tool_choice: p.tool_choice ?? 'auto',
      temperature: p.temperature ?? null,
      top_p: p.top_p ?? null,
      max_output_tokens: p.max_output_tokens ?? null,
      max_tool_calls: p.max_tool_calls ?? null,
      background: p.background ?? false,
      store: persist,
      text: { format: p.text?.format ?? { type: 'text' } },
      truncation: p.truncation ?? 'disabled',
      metadata: p.metadata ?? {},
      ...(p.user ? { user: p.user } : {}),
      reasoning: null,
      service_tier: 'default',
    };
    const request = chatRequest(response, fitContext(chatMessagesOf(response.instructions, [...context, ...input]), response.truncation, response.max_output_tokens));
    await this.checkVectorStores(p.tools ?? []);
    const code = await this.containers.forTools(p.tools ?? [], context);
    const record: StoredResponse = { id, created_at: response.created_at, status: response.status, thread_id: conversationId, input_ids: input.map((i) => i.id), include: p.include ?? [], response };
    if (persist) {
      await this.store.transaction(async () => {
        await this.store.insert('response', record);
        if (conversationId) await this.items.appendToThread(conversationId, input);
        else await this.items.appendToResponse(id, input);
      });
    }
    return { response: structuredClone(response), start: async (sink) => shown({ ...record, response: await this.engine.start({ record, request, persist, code }, sink) }) };
  }

  /**
   * Settles what a crash left running: a response stored `queued` or `in_progress` ends `failed`
   * (its model call died with the process). Only on a database no other instance shares, where
   * nothing else can be running it.
   */
  async recover(): Promise<void> {
    if (this.store.driver.shared) return;
    for (const record of await this.store.withStatus<StoredResponse>('response', ['queued', 'in_progress'])) {
      const response: ResponseObject = { ...record.response, status: 'failed', error: { code: 'server_error', message: 'Tutor stopped before this response finished; ask again.' } };
      await this.store.update<StoredResponse>('response', { ...record, status: 'failed', response }, { urgent: true });
    }
  }

  /** A response, its built-in calls' details shown as `include` asks (a stream shows them as its request asked). */
  async get(id: string, include: readonly string[] = []): Promise<ResponseObject> {
    return shown(await this.record(id), include);
  }

  /** Resumes a response's stream after event `startingAfter`; false when no instance event log is here. */
  follow(id: string, startingAfter: number, sink: ResponseEventSink): boolean {
    return this.engine.follow(id, startingAfter, sink);
  }

  async delete(id: string): Promise<{ id: string; object: 'response'; deleted: true }> {
    await this.record(id);
    await this.engine.cancel(id);
    await this.store.delete('response', id);
    return { id, object: 'response', deleted: true };
  }

  /** Cancels a background response: it ends `cancelled` with what it had written. */
  async cancel(id: string): Promise<ResponseObject> {
    const record = await this.record(id);
    if (!record.response.background) throw invalidInput('Only responses created with background: true can be cancelled.', 'response_id');
    if (['completed', 'failed', 'incomplete'].includes(record.status)) throw conflict(`Response ${id} is already ${record.status} and cannot be cancelled.`);
    const settled = await this.engine.cancel(id);
    if (settled) return shown({ ...record, response: settled });
    if (this.store.driver.shared && this.leases && this.leases.live(await this.leases.of(responseWork(id)))) {
      // Another instance is executing it: tell it, and answer with what it stores when it stops.
      await this.store.driver.notify(RESPONSE_CANCEL_CHANNEL, id);
      const ended = await this.untilEnded(id, () => false, CANCEL_WAIT_MS);
      if (ended) return shown(ended);
    }
    // Nobody is executing it (its instance stopped): it will not finish now.
    const cancelled: StoredResponse = { ...record, status: 'cancelled', response: { ...record.response, status: 'cancelled' } };
    if (record.status !== 'cancelled') await this.store.update('response', cancelled, { urgent: true });
    return cancelled.response;
  }

  /**
   * Settles responses whose instance died mid-way (their leases ran out; runWatch finds them): a
   * response still queued or in progress ends `failed`, saying so.
   */
  async settleOrphans(workIds: readonly string[]): Promise<void> {
    for (const work of workIds) {
      if (!work.startsWith(responseWork(''))) continue;
      const id = work.slice(responseWork('').length);
      const record = await this.store.get<StoredResponse>('response', id);
      if (record && (record.status === 'queued' || record.status === 'in_progress') && !this.engine.executing(id)) {
        const response: ResponseObject = { ...record.response, status: 'failed', error: { code: 'server_error', message: 'The Tutor instance running this response stopped before it finished; ask again.' } };
        await this.store.update<StoredResponse>('response', { ...record, status: 'failed', response }, { urgent: true });
      }
      await this.leases?.releaseIfExpired(work);
    }
  }

  /**
   * The stored response once it has ended (another instance executes it), checked every
   * POLL_MS; undefined if `gone()` says nobody waits any more or `withinMs` passes first.
   */
  async untilEnded(id: string, gone: () => boolean, withinMs = FOLLOW_ELSEWHERE_MS): Promise<StoredResponse | undefined> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const record = await this.store.get<StoredResponse>('response', id);
      if (!record) return undefined;
      if (record.status !== 'queued' && record.status !== 'in_progress') return record;
      if (gone() || Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The items that were this response's input, newest first unless `order` says otherwise. */
  async inputItems(id: string, query: ItemListQuery): Promise<ItemPage> {
    const record = await this.record(id);
    const found = await Promise.all(record.input_ids.map((itemId) => this.items.get(itemId)));
    return pageItems(found.flatMap((f) => (f ? [shownItem(f.item, includeOf(query))] : [])), query);
  }

  /** Every vector store a file_search tool names must exist: a typo is a 404 now, not an empty search later. */
  private async checkVectorStores(tools: NonNullable<CreateResponseParams['tools']>): Promise<void> {
    for (const [i, tool] of tools.entries()) {
      if (tool.type !== 'file_search') continue;
      for (const [j, storeId] of tool.vector_store_ids.entries()) {
        if (!(await this.store.get('vector_store', storeId))) throw notFound('vector store', storeId, `tools[${i}].vector_store_ids[${j}]`);
      }
    }
  }

  private async record(id: string): Promise<StoredResponse> {
    const record = await this.store.get<StoredResponse>('response', id);
    if (!record) throw notFound('response', id);
    return record;
  }

  /** Everything a response was given and gave: its predecessors', then its own input and output. */
  private async chain(previousId: string): Promise<Item[]> {
    const records: StoredResponse[] = [];
    for (let next: string | null = previousId; next; ) {
      const record: StoredResponse | undefined = await this.store.get<StoredResponse>('response', next);
      if (!record) throw notFound('response', next, 'previous_response_id');
      if (record.status === 'in_progress' || record.status === 'queued') throw conflict(`Response ${next} is still ${record.status}; wait for it to end.`, 'previous_response_id');
      records.unshift(record);
      // A response in a conversation carries the whole conversation: the chain starts there.
      if (record.thread_id) break;
      next = record.response.previous_response_id;
    }
    const out: Item[] = [];
    for (const record of records) {
      if (record.thread_id) out.push(...(await this.items.threadItems(record.thread_id)));
      else out.push(...(await this.items.responseItems(record.id)));
    }
    return out;
  }
}

/** A stored response as its client sees it: built-in calls' details only as its `include` asked. */
function shown(record: StoredResponse, include: readonly string[] = record.include ?? []): ResponseObject {
  return { ...record.response, output: record.response.output.map((i) => shownItem(i, include)) };
}

/** The model call's settings; the engine adds the tools it offers. */
function chatRequest(r: ResponseObject, messages: ChatRequest['messages']): ChatRequest {
  const format = r.text.format;
  return {
    model: r.model,
    messages,
    ...(r.temperature !== null ? { temperature: r.temperature } : {}),
    ...(r.top_p !== null ? { top_p: r.top_p } : {}),
    ...(r.max_output_tokens !== null ? { max_tokens: r.max_output_tokens } : {}),
    ...(format.type === 'json_schema'
      ? { response_format: { type: 'json_schema' as const, json_schema: { name: format.name, schema: format.schema, ...(format.strict != null ? { strict: format.strict } : {}) } } }
      : format.type === 'json_object' ? { response_format: { type: 'json_object' as const } } : {}),
  };
}
