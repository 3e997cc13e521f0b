import type { Assistant, Message, Run, Thread } from '../objects';
import type { ObjectStore } from '../store/types';
import type { ToolContext } from './tools';

/**
 * What the built-in tools of one run may touch, gathered the way OpenAI scopes it: the assistant's
 * and the thread's tool_resources, plus files attached to the thread's messages for the code
 * interpreter. Recomputed per tool call, so a file attached mid-run is seen by the next call.
 */
export function toolContextFor(store: ObjectStore, run: Run, signal: AbortSignal, include: string[]): ToolContext {
  const assistant = store.get<Assistant>('assistant', run.assistant_id);
  const thread = store.get<Thread>('thread', run.thread_id);
  const codeFileIds = new Set<string>([
    ...(assistant?.tool_resources?.code_interpreter?.file_ids ?? []),
    ...(thread?.tool_resources?.code_interpreter?.file_ids ?? []),
  ]);
  for (const message of threadMessages(store, run.thread_id)) {
    for (const a of message.attachments ?? []) {
      if (a.file_id && a.tools?.some((t) => t.type === 'code_interpreter')) codeFileIds.add(a.file_id);
    }
  }
  const vectorStoreIds = [...new Set([...(assistant?.tool_resources?.file_search?.vector_store_ids ?? []), ...(thread?.tool_resources?.file_search?.vector_store_ids ?? [])])];
  const searchTool = run.tools.find((t) => t.type === 'file_search');
  const fileSearch = searchTool?.type === 'file_search' && searchTool.file_search ? (searchTool.file_search as ToolContext['fileSearch']) : undefined;
  return { threadId: run.thread_id, runId: run.id, run, signal, codeFileIds: [...codeFileIds], vectorStoreIds, include, ...(fileSearch ? { fileSearch } : {}) };
}

function* threadMessages(store: ObjectStore, threadId: string): Generator<Message> {
  let after: string | undefined;
  for (;;) {
    const page = store.list<Message>('message', { thread_id: threadId }, { limit: 100, order: 'asc', ...(after ? { after } : {}) });
    yield* page.data;
    if (!page.has_more) return;
    after = page.data[page.data.length - 1]!.id;
  }
}
