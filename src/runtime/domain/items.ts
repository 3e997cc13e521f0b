import type { Message } from './objects';

/*
 * Items: what the Responses and Conversations APIs are made of (the spec's ConversationItem and
 * OutputItem, the kinds Tutor produces). A conversation IS a thread: its message items are the
 * thread's messages, the same rows seen two ways, so a conversation started with the Assistants
 * API continues with Responses and back. Items a thread has no place for (function calls and
 * their outputs, system and developer messages) are rows of kind `item` in the same thread.
 */

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: Annotation[];
  logprobs: [];
}

export type Annotation =
  | { type: 'file_citation'; file_id: string; filename: string; index: number }
  | { type: 'container_file_citation'; container_id: string; file_id: string; filename: string; start_index: number; end_index: number };

export type ItemContent =
  | { type: 'input_text'; text: string }
  | OutputText
  | { type: 'refusal'; refusal: string }
  | { type: 'input_image'; image_url: string | null; file_id: string | null; detail: 'auto' | 'low' | 'high' };

export interface MessageItem {
  type: 'message';
  id: string;
  status: ItemStatus;
  role: 'user' | 'assistant' | 'system' | 'developer';
  content: ItemContent[];
}

export interface FunctionCallItem {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: ItemStatus;
}

export interface FunctionCallOutputItem {
  type: 'function_call_output';
  id: string;
  call_id: string;
  output: string;
  status: ItemStatus;
}

/** A file search the runtime ran: stored with its results; shown with them only when `include` asks. */
export interface FileSearchCallItem {
  type: 'file_search_call';
  id: string;
  status: 'in_progress' | 'searching' | 'completed' | 'incomplete' | 'failed';
  queries: string[];
  results: { file_id: string; filename: string; score: number; text: string; attributes: Record<string, string | number | boolean> }[] | null;
}

/** Python the runtime ran in a container: stored with its outputs; shown with them only when `include` asks. */
export interface CodeInterpreterCallItem {
  type: 'code_interpreter_call';
  id: string;
  status: 'in_progress' | 'interpreting' | 'completed' | 'incomplete' | 'failed';
  container_id: string;
  code: string | null;
  outputs: ({ type: 'logs'; logs: string } | { type: 'image'; url: string })[] | null;
}

export type BuiltinCallItem = FileSearchCallItem | CodeInterpreterCallItem;

export type Item = MessageItem | FunctionCallItem | FunctionCallOutputItem | BuiltinCallItem;

/** The `include` values that add a built-in call's stored details to what a client is shown. */
export const INCLUDE_SEARCH_RESULTS = 'file_search_call.results';
export const INCLUDE_CODE_OUTPUTS = 'code_interpreter_call.outputs';

/**
 * An item as a client sees it: a file search's results and a code interpreter's outputs are
 * stored (later turns read them) but shown only when `include` asks, as OpenAI does.
 */
export function shownItem(item: Item, include: readonly string[]): Item {
  if (item.type === 'file_search_call' && item.results && !include.includes(INCLUDE_SEARCH_RESULTS)) return { ...item, results: null };
  if (item.type === 'code_interpreter_call' && item.outputs && !include.includes(INCLUDE_CODE_OUTPUTS)) return { ...item, outputs: null };
  return item;
}

/** How an item that is not a thread message is stored (kind `item`): the item and when it was made. */
export interface StoredItem {
  id: string;
  created_at: number;
  /** The conversation it is in; null for an item a response owns. */
  thread_id: string | null;
  item: Item;
}

/** A thread message as a message item: user text is `input_text`, the assistant's `output_text`. */
export function messageToItem(message: Message): MessageItem {
  const content: ItemContent[] = [];
  for (const part of message.content) {
    if (part.type === 'text') {
      content.push(message.role === 'user'
        ? { type: 'input_text', text: part.text.value }
        : { type: 'output_text', text: part.text.value, annotations: citationsOf(part.text.annotations), logprobs: [] });
    } else if (part.type === 'image_url') {
      content.push({ type: 'input_image', image_url: part.image_url.url, file_id: null, detail: part.image_url.detail ?? 'auto' });
    } else if (part.type === 'image_file') {
      content.push({ type: 'input_image', image_url: null, file_id: part.image_file.file_id, detail: part.image_file.detail ?? 'auto' });
    } else if (part.type === 'refusal') {
      content.push({ type: 'refusal', refusal: part.refusal });
    }
  }
  return { type: 'message', id: message.id, status: message.status === 'incomplete' ? 'incomplete' : message.status === 'in_progress' ? 'in_progress' : 'completed', role: message.role, content };
}

/** The Assistants API's file citations, placed where the cited marker ended. */
function citationsOf(annotations: Message['content'][number] extends infer P ? P extends { type: 'text'; text: { annotations: infer A } } ? A : never : never): Annotation[] {
  const out: Annotation[] = [];
  for (const a of annotations) if (a.type === 'file_citation') out.push({ type: 'file_citation', file_id: a.file_citation.file_id, filename: '', index: a.end_index });
  return out;
}

/** The text of an item's content parts, joined: what a model reads of a message. */
export function itemText(content: readonly ItemContent[]): string {
  return content.map((p) => (p.type === 'input_text' || p.type === 'output_text' ? p.text : p.type === 'refusal' ? p.refusal : '')).join('');
}
