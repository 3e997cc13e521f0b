/**
 * Every route the runtime serves, with what the fuzzer needs to call it: the request schema of its
 * body, which kind of list it pages (for cursors), and which known object anchors its path.
 */
import type { z } from 'zod';
import {
  createAssistantSchema, createMessageSchema, createRunSchema, createThreadAndRunSchema, createThreadSchema, modifyAssistantSchema, modifyMetadataSchema,
  modifyThreadSchema, submitToolOutputsSchema,
} from '../../../src/runtime/domain/requests';
import {
  createBatchSchema, createFileSchema, createVectorStoreSchema, modifyVectorStoreSchema, searchSchema, updateFileSchema,
} from '../../../src/runtime/domain/vectorStoreRequests';
import { createContainerSchema, createConversationSchema, createItemsSchema, createResponseSchema, updateConversationSchema } from '../../../src/runtime/domain/responseRequests';
import type { PoolKind } from './pool';

/** Query strings the route reads: a page (`list`), a page with extras, or only `include[]`. */
export type QueryKind = 'list' | 'messages' | 'files' | 'vs_files' | 'steps' | 'include' | 'items' | 'response';

export interface Endpoint {
  /** As counted in the report, e.g. `POST /threads/{thread_id}/runs`. */
  name: string;
  group: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Under /v1, with `{param}` placeholders named after the pool's owner fields. */
  path: string;
  /** The pool kind whose entry fills the path: its owners' ids by name, its own id as the last parameter. */
  anchor?: PoolKind;
  body?: z.ZodType | 'multipart';
  query?: QueryKind;
  /** What a list returns, so `after`/`before` can name one of its items. */
  lists?: PoolKind;
}

const e = (group: string, method: Endpoint['method'], path: string, rest: Omit<Endpoint, 'name' | 'group' | 'method' | 'path'> = {}): Endpoint => ({
  name: `${method} ${path}`, group, method, path, ...rest,
});

export const ENDPOINTS: Endpoint[] = [
  e('assistants', 'POST', '/assistants', { body: createAssistantSchema }),
  e('assistants', 'GET', '/assistants', { query: 'list', lists: 'assistant' }),
  e('assistants', 'GET', '/assistants/{assistant_id}', { anchor: 'assistant' }),
  e('assistants', 'POST', '/assistants/{assistant_id}', { anchor: 'assistant', body: modifyAssistantSchema }),
  e('assistants', 'DELETE', '/assistants/{assistant_id}', { anchor: 'assistant' }),

  e('threads', 'POST', '/threads', { body: createThreadSchema }),
  e('threads', 'POST', '/threads/runs', { body: createThreadAndRunSchema }),
  e('threads', 'GET', '/threads/{thread_id}', { anchor: 'thread' }),
  e('threads', 'POST', '/threads/{thread_id}', { anchor: 'thread', body: modifyThreadSchema }),
  e('threads', 'DELETE', '/threads/{thread_id}', { anchor: 'thread' }),

  e('messages', 'POST', '/threads/{thread_id}/messages', { anchor: 'thread', body: createMessageSchema }),
  e('messages', 'GET', '/threads/{thread_id}/messages', { anchor: 'thread', query: 'messages', lists: 'message' }),
  e('messages', 'GET', '/threads/{thread_id}/messages/{message_id}', { anchor: 'message' }),
  e('messages', 'POST', '/threads/{thread_id}/messages/{message_id}', { anchor: 'message', body: modifyMetadataSchema }),
  e('messages', 'DELETE', '/threads/{thread_id}/messages/{message_id}', { anchor: 'message' }),

  e('runs', 'POST', '/threads/{thread_id}/runs', { anchor: 'thread', body: createRunSchema, query: 'include' }),
  e('runs', 'GET', '/threads/{thread_id}/runs', { anchor: 'thread', query: 'list', lists: 'run' }),
  e('runs', 'GET', '/threads/{thread_id}/runs/{run_id}', { anchor: 'run' }),
  e('runs', 'POST', '/threads/{thread_id}/runs/{run_id}', { anchor: 'run', body: modifyMetadataSchema }),
  e('runs', 'POST', '/threads/{thread_id}/runs/{run_id}/cancel', { anchor: 'run' }),
  // Anchored on a pending tool call, so the run it names is usually one waiting for outputs.
  e('runs', 'POST', '/threads/{thread_id}/runs/{run_id}/submit_tool_outputs', { anchor: 'call', body: submitToolOutputsSchema }),
  e('runs', 'GET', '/threads/{thread_id}/runs/{run_id}/steps', { anchor: 'run', query: 'steps', lists: 'step' }),
  e('runs', 'GET', '/threads/{thread_id}/runs/{run_id}/steps/{step_id}', { anchor: 'step', query: 'include' }),

  e('files', 'POST', '/files', { body: 'multipart' }),
  e('files', 'GET', '/files', { query: 'files', lists: 'file' }),
  e('files', 'GET', '/files/{file_id}', { anchor: 'file' }),
  e('files', 'GET', '/files/{file_id}/content', { anchor: 'file' }),
  e('files', 'DELETE', '/files/{file_id}', { anchor: 'file' }),

  e('vector_stores', 'POST', '/vector_stores', { body: createVectorStoreSchema }),
  e('vector_stores', 'GET', '/vector_stores', { query: 'list', lists: 'vector_store' }),
  e('vector_stores', 'GET', '/vector_stores/{vector_store_id}', { anchor: 'vector_store' }),
  e('vector_stores', 'POST', '/vector_stores/{vector_store_id}', { anchor: 'vector_store', body: modifyVectorStoreSchema }),
  e('vector_stores', 'DELETE', '/vector_stores/{vector_store_id}', { anchor: 'vector_store' }),
  e('vector_stores', 'POST', '/vector_stores/{vector_store_id}/search', { anchor: 'vector_store', body: searchSchema }),

  e('vector_store_files', 'POST', '/vector_stores/{vector_store_id}/files', { anchor: 'vector_store', body: createFileSchema }),
  e('vector_store_files', 'GET', '/vector_stores/{vector_store_id}/files', { anchor: 'vector_store', query: 'vs_files', lists: 'vs_file' }),
  e('vector_store_files', 'GET', '/vector_stores/{vector_store_id}/files/{file_id}', { anchor: 'vs_file' }),
  e('vector_store_files', 'POST', '/vector_stores/{vector_store_id}/files/{file_id}', { anchor: 'vs_file', body: updateFileSchema }),
  e('vector_store_files', 'DELETE', '/vector_stores/{vector_store_id}/files/{file_id}', { anchor: 'vs_file' }),
  e('vector_store_files', 'GET', '/vector_stores/{vector_store_id}/files/{file_id}/content', { anchor: 'vs_file' }),

  e('file_batches', 'POST', '/vector_stores/{vector_store_id}/file_batches', { anchor: 'vector_store', body: createBatchSchema }),
  e('file_batches', 'GET', '/vector_stores/{vector_store_id}/file_batches/{batch_id}', { anchor: 'batch' }),
  e('file_batches', 'POST', '/vector_stores/{vector_store_id}/file_batches/{batch_id}/cancel', { anchor: 'batch' }),
  e('file_batches', 'GET', '/vector_stores/{vector_store_id}/file_batches/{batch_id}/files', { anchor: 'batch', query: 'vs_files', lists: 'vs_file' }),

  e('responses', 'POST', '/responses', { body: createResponseSchema }),
  e('responses', 'GET', '/responses/{response_id}', { anchor: 'response', query: 'response' }),
  e('responses', 'DELETE', '/responses/{response_id}', { anchor: 'response' }),
  e('responses', 'POST', '/responses/{response_id}/cancel', { anchor: 'response' }),
  e('responses', 'GET', '/responses/{response_id}/input_items', { anchor: 'response', query: 'items', lists: 'item' }),

  e('conversations', 'POST', '/conversations', { body: createConversationSchema }),
  e('conversations', 'GET', '/conversations/{conversation_id}', { anchor: 'conversation' }),
  e('conversations', 'POST', '/conversations/{conversation_id}', { anchor: 'conversation', body: updateConversationSchema }),
  e('conversations', 'DELETE', '/conversations/{conversation_id}', { anchor: 'conversation' }),
  e('conversations', 'GET', '/conversations/{conversation_id}/items', { anchor: 'conversation', query: 'items', lists: 'item' }),
  e('conversations', 'POST', '/conversations/{conversation_id}/items', { anchor: 'conversation', body: createItemsSchema }),
  e('conversations', 'GET', '/conversations/{conversation_id}/items/{item_id}', { anchor: 'item', query: 'include' }),
  e('conversations', 'DELETE', '/conversations/{conversation_id}/items/{item_id}', { anchor: 'item' }),

  e('containers', 'POST', '/containers', { body: createContainerSchema }),
  e('containers', 'GET', '/containers', { query: 'list', lists: 'container' }),
  e('containers', 'GET', '/containers/{container_id}', { anchor: 'container' }),
  e('containers', 'DELETE', '/containers/{container_id}', { anchor: 'container' }),
];

/** Path parameter → the pool kind to pick from when the anchor does not fill it. */
export const PARAM_KIND: Record<string, PoolKind> = {
  assistant_id: 'assistant', thread_id: 'thread', message_id: 'message', run_id: 'run', step_id: 'step',
  file_id: 'file', vector_store_id: 'vector_store', batch_id: 'batch',
  response_id: 'response', conversation_id: 'conversation', item_id: 'item', container_id: 'container',
};

/** The `{param}` names of a path, in order. */
export const paramsOf = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
