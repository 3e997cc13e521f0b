import type { Assistant, Message, Run, Thread } from '../domain/objects';
import type { ObjectStore } from '../store/types';
import type { ToolContext } from './builtinTool';

/**
 * What the built-in tools of one run may touch, gathered the way OpenAI scopes it: the assistant's
 * and the thread's tool_resources, plus files attached to the thread's messages for the code
 * interpreter. `messages` are the thread's messages the engine already read for this model call.
 */
export async function toolContextFor(store: ObjectStore, run: Run, signal: AbortSignal, include: string[], messages: readonly Message[]): Promise<ToolContext> {
  const assistant = await store.get<Assistant>('assistant', run.assistant_id);
  const thread = await store.get<Thread>('thread', run.thread_id);
  const codeFileIds = new Set<string>([
    ...(assistant?.tool_resources?.code_interpreter?.file_ids ?? []),
    ...(thread?.tool_resources?.code_interpreter?.file_ids ?? []),
  ]);
  for (const message of messages) {
    for (const a of message.attachments ?? []) {
      if (a.file_id && a.tools?.some((t) => t.type === 'code_interpreter')) codeFileIds.add(a.file_id);
    }
  }
  const vectorStoreIds = [...new Set([...(assistant?.tool_resources?.file_search?.vector_store_ids ?? []), ...(thread?.tool_resources?.file_search?.vector_store_ids ?? [])])];
  const searchTool = run.tools.find((t) => t.type === 'file_search');
  const fileSearch = searchTool?.type === 'file_search' && searchTool.file_search ? (searchTool.file_search as ToolContext['fileSearch']) : undefined;
  return { threadId: run.thread_id, runId: run.id, signal, codeFileIds: [...codeFileIds], vectorStoreIds, include, ...(fileSearch ? { fileSearch } : {}) };
}
