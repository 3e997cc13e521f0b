import type { ChatContentPart, ChatMessage } from '../../../providers/types';
import { invalidInput } from '../../domain/errors';
import { itemText, type BuiltinCallItem, type FunctionCallItem, type Item } from '../../domain/items';
import type { CreateResponseParams } from '../../domain/responseRequests';
import type { ResponseChoice, ResponseTool } from './responseTools';

/** The Response object as the spec draws it (the fields Tutor fills; see ResponseProperties). */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled' | 'incomplete';
  completed_at: number | null;
  error: { code: ResponseErrorCode; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: string | null;
  model: string;
  output: Item[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  conversation: { id: string } | null;
  tools: ResponseTool[];
  tool_choice: ResponseChoice;
  temperature: number | null;
  top_p: number | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  background: boolean;
  store: boolean;
  text: { format: NonNullable<NonNullable<CreateResponseParams['text']>['format']> };
  truncation: 'auto' | 'disabled';
  metadata: Record<string, string>;
  /** Once the model call has ended (the spec's field is an object, never null). */
  usage?: ResponseUsage;
  /** Only when the request named one (the spec's field is a string, never null). */
  user?: string;
  reasoning: null;
  service_tier: 'default';
}

export type ResponseErrorCode = 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt';

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** How a response is stored (kind `response`): the object, its conversation, and which items were its input. */
export interface StoredResponse {
  id: string;
  created_at: number;
  status: ResponseObject['status'];
  /** The conversation (thread) it read and wrote; null for one that owns its items. */
  thread_id: string | null;
  input_ids: string[];
  /** What the request's `include` asked to show of built-in calls (their details are stored regardless). */
  include?: string[];
  response: ResponseObject;
}

/**
 * What the model reads: the instructions, then the items in order. Consecutive function calls
 * become one assistant turn with several tool calls, as chat completions expects; an output for
 * a call the context never made is refused here, before the model is asked.
 */
export function chatMessagesOf(instructions: string | null, items: readonly Item[]): ChatMessage[] {
  const out: ChatMessage[] = instructions ? [{ role: 'system', content: instructions }] : [];
  const calls = new Set<string>();
  for (const item of items) {
    switch (item.type) {
      case 'message':
        out.push(messageOf(item));
        break;
      case 'function_call': {
        calls.add(item.call_id);
        const last = out.at(-1);
        const call = toolCall(item);
        if (last?.role === 'assistant' && last.tool_calls) last.tool_calls.push(call);
        else out.push({ role: 'assistant', content: null, tool_calls: [call] });
        break;
      }
      case 'file_search_call':
      case 'code_interpreter_call':
        // A call the runtime ran reads back as the tool turn it was, so the model knows what it found.
        out.push({ role: 'assistant', content: null, tool_calls: [builtinCall(item)] }, { role: 'tool', tool_call_id: item.id, content: builtinOutput(item) });
        break;
      case 'function_call_output':
        if (!calls.has(item.call_id)) throw invalidInput(`No tool call found for function call output with call_id ${item.call_id}.`, 'input');
        out.push({ role: 'tool', tool_call_id: item.call_id, content: item.output });
        break;
    }
  }
  return out;
}

function toolCall(item: FunctionCallItem) {
  return { id: item.call_id, type: 'function' as const, function: { name: item.name, arguments: item.arguments } };
}

/** The function the model called for a built-in call (the names tools/ gives them). */
function builtinCall(item: BuiltinCallItem) {
  const [name, args] = item.type === 'file_search_call' ? ['file_search', { queries: item.queries }] : ['python', { code: item.code ?? '' }];
  return { id: item.id, type: 'function' as const, function: { name, arguments: JSON.stringify(args) } };
}

/** What the model read back from a built-in call, rebuilt from what the item keeps. */
export function builtinOutput(item: BuiltinCallItem): string {
  if (item.type === 'file_search_call') {
    if (!item.results?.length) return item.status === 'completed' ? 'No passage in the files matched.' : `The search did not finish (${item.status}).`;
    return `Passages found:\n\n${item.results.map((r) => `【${r.filename}】\n${r.text}`).join('\n\n')}`;
  }
  const logs = (item.outputs ?? []).flatMap((o) => (o.type === 'logs' ? [o.logs] : []));
  return logs.length ? logs.join('\n') : item.status === 'completed' ? '(the code printed nothing)' : `The code did not finish (${item.status}).`;
}

function messageOf(item: Extract<Item, { type: 'message' }>): ChatMessage {
  const text = itemText(item.content);
  switch (item.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: text };
    case 'assistant':
      return { role: 'assistant', content: text };
    case 'user': {
      const images = item.content.filter((p) => p.type === 'input_image' && p.image_url);
      if (images.length === 0) return { role: 'user', content: text };
      return {
        role: 'user',
        content: item.content.flatMap((p): ChatContentPart[] =>
          p.type === 'input_text' ? [{ type: 'text' as const, text: p.text }] : p.type === 'input_image' && p.image_url ? [{ type: 'image_url' as const, image_url: { url: p.image_url, detail: p.detail } }] : [],
        ),
      };
    }
  }
}
