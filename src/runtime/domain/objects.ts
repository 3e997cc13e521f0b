/**
 * The Assistants v2 objects, as the official SDK types them. Using the SDK's own types (type-only:
 * nothing is bundled) keeps our shapes honest against the client that reads them.
 */
export type { Assistant, AssistantTool } from 'openai/resources/beta/assistants';
export type { Thread } from 'openai/resources/beta/threads/threads';
export type { Message, MessageContent, MessageDelta } from 'openai/resources/beta/threads/messages';
export type { Run, RequiredActionFunctionToolCall } from 'openai/resources/beta/threads/runs/runs';
export type { RunStep, RunStepDelta, ToolCall as RunStepToolCall } from 'openai/resources/beta/threads/runs/steps';

/** The File object, as the spec's OpenAIFile has it (`status` is deprecated but still required). */
export interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: 'assistants' | 'assistants_output' | 'vision' | 'user_data';
  status: 'processed';
}

/** The kinds of object the runtime stores; each has its id prefix. */
export type ObjectKind = 'assistant' | 'thread' | 'message' | 'run' | 'run_step' | 'file' | 'vector_store' | 'vector_store_file' | 'vector_store_file_batch' | 'response' | 'item' | 'container';

/** Ids that name no stored kind of their own: a conversation is a thread, its items are kind `item`. */
export type IdKind = ObjectKind | 'call' | 'conversation' | 'function_call' | 'function_call_output' | 'file_search_call' | 'code_interpreter_call';

export const ID_PREFIX: Record<IdKind, string> = {
  assistant: 'asst_',
  thread: 'thread_',
  message: 'msg_',
  run: 'run_',
  run_step: 'step_',
  call: 'call_',
  file: 'file-',
  vector_store: 'vs_',
  vector_store_file: 'file-',
  vector_store_file_batch: 'vsfb_',
  response: 'resp_',
  item: 'item_',
  conversation: 'conv_',
  function_call: 'fc_',
  function_call_output: 'fco_',
  file_search_call: 'fs_',
  code_interpreter_call: 'ci_',
  container: 'cntr_',
};
