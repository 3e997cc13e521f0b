import { z } from 'zod';
import { invalidInput } from '../../domain/errors';
import type { Thread } from '../../domain/objects';
import { parseOrThrow } from '../../domain/requests';
import type { ObjectStore } from '../../store/types';
import type { VectorStore } from './objects';
import { vectorStoreHelperSchema } from '../../domain/vectorStoreRequests';
import type { VectorStoreService } from './service';

/** Stores made for message attachments expire after a week without use, as OpenAI's do. */
const THREAD_STORE_EXPIRY = { anchor: 'last_active_at', days: 7 } as const;

interface Attachment {
  file_id?: string;
  tools?: readonly { type: string }[];
}

/**
 * Puts the files of a message's `file_search` attachments into the thread's vector store, making
 * one (expiring 7 days after last use) and setting `tool_resources.file_search.vector_store_ids`
 * when the thread has none or its store is gone or expired. A thread has at most one store.
 *
 * @example
 *   attachToThread(service, store, thread.id, [{ file_id: 'file-abc', tools: [{ type: 'file_search' }] }]);
 */
export async function attachToThread(service: VectorStoreService, store: ObjectStore, threadId: string, attachments: readonly Attachment[]): Promise<void> {
  const fileIds = [...new Set(attachments.filter((a) => a.file_id && a.tools?.some((t) => t.type === 'file_search')).map((a) => a.file_id!))];
  if (fileIds.length === 0) return;
  await store.transaction(async () => {
    const thread = await store.get<Thread>('thread', threadId);
    if (!thread) return;
    let storeId = thread.tool_resources?.file_search?.vector_store_ids?.[0];
    const current = storeId ? await store.get<VectorStore>('vector_store', storeId) : undefined;
    if (!current || (await service.get(current.id)).status === 'expired') {
      storeId = (await service.create({ name: `Files attached to ${threadId}`, expires_after: THREAD_STORE_EXPIRY })).id;
      const tool_resources = { ...thread.tool_resources, file_search: { ...thread.tool_resources?.file_search, vector_store_ids: [storeId] } };
      await store.update('thread', { ...thread, tool_resources });
    }
    await service.addFilesLeniently(storeId!, fileIds);
  });
}

interface ToolResources {
  file_search?: { vector_store_ids?: string[]; vector_stores?: Record<string, unknown>[] };
}

// Parsed inside its full path, so a bad entry's invalid-input error names e.g. `tool_resources.file_search.vector_stores[0].file_ids`.
const helperEnvelope = z.object({ tool_resources: z.object({ file_search: z.object({ vector_stores: z.array(vectorStoreHelperSchema) }) }) });

/**
 * Resolves the `tool_resources.file_search.vector_stores` helper of thread and assistant requests:
 * each entry becomes a new vector store with its files, and its id joins `vector_store_ids`.
 * Other tool_resources pass through unchanged.
 *
 * @example
 *   const resources = withHelperStores(service, { file_search: { vector_stores: [{ file_ids: ['file-abc'] }] } });
 *   // → { file_search: { vector_store_ids: ['vs_…'] } }
 */
export async function withHelperStores<T extends ToolResources | null | undefined>(service: VectorStoreService, toolResources: T): Promise<T> {
  const helpers = toolResources?.file_search?.vector_stores;
  if (!toolResources?.file_search || helpers === undefined) return toolResources;
  const parsed = parseOrThrow(helperEnvelope, { tool_resources: { file_search: { vector_stores: helpers } } }).tool_resources.file_search.vector_stores;
  const ids = [...(toolResources.file_search.vector_store_ids ?? [])];
  if (ids.length + parsed.length > 1) {
    throw invalidInput('A thread or assistant has at most 1 vector store: give vector_store_ids or vector_stores, not both.', 'tool_resources.file_search');
  }
  for (const helper of parsed) {
    ids.push((await service.create({
      ...(helper.file_ids ? { file_ids: helper.file_ids } : {}),
      ...(helper.chunking_strategy ? { chunking_strategy: helper.chunking_strategy } : {}),
      ...(helper.metadata !== undefined ? { metadata: helper.metadata } : {}),
    })).id);
  }
  const fileSearch = { ...toolResources.file_search, vector_store_ids: ids };
  delete fileSearch.vector_stores;
  return { ...toolResources, file_search: fileSearch };
}
