import type { Clock } from '../domain/clock';
import { seconds } from '../domain/clock';
import { conflict, notFound } from '../domain/errors';
import type { IdSource } from '../domain/ids';
import type { Message, MessageContent, Run, Thread } from '../domain/objects';
import type { CreateMessageParams } from '../domain/requests';
import type { ObjectStore, Page, PageQuery } from '../store/types';

/** Statuses in which a run still owns its thread: no second run, no new messages. */
export const ACTIVE_RUN_STATUSES = ['queued', 'in_progress', 'requires_action', 'cancelling'];

/**
 * Threads and messages: the parts of the API that routes, the engine (additional_messages) and
 * create-and-run share.
 */
export class Conversation {
  /**
   * Called with each new message's attachments, inside the transaction that stores it. The
   * runtime sets it so `file_search` attachments land in the thread's vector store, wherever the
   * message comes from (a thread's first messages, a new message, a run's additional_messages).
   */
  onAttachments?: (threadId: string, attachments: NonNullable<CreateMessageParams['attachments']>) => Promise<void>;

  /** Cancels a thread's active run before the thread is deleted (the run service sets it). */
  cancelRun?: (threadId: string, runId: string) => Promise<unknown>;

  constructor(
    private readonly store: ObjectStore,
    private readonly ids: IdSource,
    private readonly clock: Clock,
  ) {}

  async getThread(id: string, param: string | null = null): Promise<Thread> {
    const thread = await this.store.get<Thread>('thread', id);
    if (!thread) throw notFound('thread', id, param);
    return thread;
  }

  async createThread(params: { metadata?: Record<string, string> | null; tool_resources?: unknown; messages?: CreateMessageParams[] }): Promise<Thread> {
    return await this.store.transaction(async () => {
      const thread: Thread = {
        id: this.ids('thread'),
        object: 'thread',
        created_at: seconds(this.clock()),
        metadata: params.metadata ?? {},
        tool_resources: (params.tool_resources ?? {}) as Thread['tool_resources'],
      };
      await this.store.insert('thread', thread);
      for (const m of params.messages ?? []) await this.insertMessage(thread.id, m);
      // Attachments may have given the thread a vector store.
      return (await this.store.get<Thread>('thread', thread.id)) ?? thread;
    });
  }

  async modifyThread(id: string, p: { metadata?: Thread['metadata'] | undefined; tool_resources?: unknown }): Promise<Thread> {
    const thread = await this.getThread(id);
    const next: Thread = { ...thread, ...(p.metadata !== undefined ? { metadata: p.metadata ?? {} } : {}), ...('tool_resources' in p ? { tool_resources: (p.tool_resources ?? {}) as Thread['tool_resources'] } : {}) };
    return (await this.store.update('thread', next)) as Thread;
  }

  /** Deletes a thread, cancelling its active run first. */
  async deleteThread(id: string): Promise<void> {
    await this.getThread(id);
    const active = await this.activeRun(id);
    if (active) await this.cancelRun?.(id, active.id);
    await this.store.delete('thread', id);
  }

  async listMessages(threadId: string, { run_id, ...page }: PageQuery & { run_id?: string | undefined }): Promise<Page<Message>> {
    await this.getThread(threadId);
    return await this.store.list<Message>('message', run_id ? { thread_id: threadId, run_id } : { thread_id: threadId }, page);
  }

  async getMessage(threadId: string, id: string): Promise<Message> {
    await this.getThread(threadId);
    const m = await this.store.get<Message>('message', id);
    if (!m || m.thread_id !== threadId) throw notFound('message', id);
    return m;
  }

  async modifyMessage(threadId: string, id: string, metadata: Message['metadata'] | undefined): Promise<Message> {
    const m = await this.getMessage(threadId, id);
    return (await this.store.update('message', { ...m, metadata: metadata ?? m.metadata })) as Message;
  }

  async deleteMessage(threadId: string, id: string): Promise<Message> {
    const m = await this.getMessage(threadId, id);
    await this.store.delete('message', m.id);
    return m;
  }

  /** The run that currently owns the thread, if any. */
  async activeRun(threadId: string): Promise<Run | undefined> {
    // Asked on every run and message created: only this thread's rows are read, however many
    // runs other threads have going.
    return (await this.store.withStatus<Run>('run', ACTIVE_RUN_STATUSES, { thread_id: threadId }))[0];
  }

  /** Adds a user-authored message, refusing while a run is active, as OpenAI does. */
  async addMessage(threadId: string, params: CreateMessageParams): Promise<Message> {
    // In one transaction with the insert (the thread locked on PostgreSQL), so a run that starts
    // meanwhile cannot slip in between.
    return this.store.transaction(async () => {
      await this.getThread(threadId);
      const active = await this.activeRun(threadId);
      if (active) throw conflict(`Can't add messages to ${threadId} while a run ${active.id} is active.`);
      return this.insertMessage(threadId, params);
    });
  }

  /** Inserts a completed message (user input, or a run's additional_messages). */
  async insertMessage(threadId: string, params: CreateMessageParams, runId: string | null = null): Promise<Message> {
    if (params.attachments?.length && this.onAttachments) {
      const attach = this.onAttachments;
      return await this.store.transaction(async () => {
        await attach(threadId, params.attachments!);
        return this.storeMessage(threadId, params, runId);
      });
    }
    return this.storeMessage(threadId, params, runId);
  }

  private async storeMessage(threadId: string, params: CreateMessageParams, runId: string | null): Promise<Message> {
    const now = seconds(this.clock());
    const message: Message = {
      id: this.ids('message'),
      object: 'thread.message',
      created_at: now,
      thread_id: threadId,
      status: 'completed',
      incomplete_details: null,
      completed_at: now,
      incomplete_at: null,
      role: params.role,
      content: toContent(params.content),
      assistant_id: null,
      run_id: runId,
      attachments: (params.attachments ?? []) as Message['attachments'],
      metadata: params.metadata ?? {},
    };
    return await this.store.insert('message', message, { thread_id: threadId, ...(runId ? { run_id: runId } : {}) });
  }
}

function toContent(content: CreateMessageParams['content']): MessageContent[] {
  if (typeof content === 'string') return [{ type: 'text', text: { value: content, annotations: [] } }];
  return content.map((part): MessageContent => {
    switch (part.type) {
      case 'text':
        return { type: 'text', text: { value: part.text, annotations: [] } };
      case 'image_file':
        return { type: 'image_file', image_file: { file_id: part.image_file.file_id, ...(part.image_file.detail ? { detail: part.image_file.detail } : {}) } };
      case 'image_url':
        return { type: 'image_url', image_url: { url: part.image_url.url, ...(part.image_url.detail ? { detail: part.image_url.detail } : {}) } };
    }
  });
}
