import type OpenAI from 'openai';

/**
 * Points a thread's file search at the workspace's knowledge store (threads are per workspace; the
 * assistant is shared by all of them, so the store belongs on the thread), once per thread and store.
 */
export class KnowledgeLinks {
  private readonly linked = new Map<string, string>();

  constructor(private readonly storeId: () => string | undefined) {}

  async link(client: OpenAI, threadId: string): Promise<void> {
    const storeId = this.storeId();
    if (!storeId || this.linked.get(threadId) === storeId) return;
    await client.beta.threads.update(threadId, { tool_resources: { file_search: { vector_store_ids: [storeId] } } });
    this.linked.set(threadId, storeId);
  }
}
