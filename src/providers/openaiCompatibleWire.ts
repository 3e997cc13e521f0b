/**
 * The chat-completions wire for the OpenAI-compatible adapter: our ChatRequest as the request body,
 * the streamed deltas as ChatChunks, and the embeddings answer in input order.
 */
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { type ChatChunk, type ChatRequest, ProviderError } from './types';

/** The vectors by their `index` (servers may answer out of order), checked to be one per input. */
export function embeddingsInOrder(data: { index: number; embedding: number[] }[] | undefined, count: number): number[][] {
  const vectors: number[][] = new Array<number[]>(count);
  for (const item of data ?? []) {
    if (Number.isInteger(item.index) && item.index >= 0 && item.index < count && Array.isArray(item.embedding)) vectors[item.index] = item.embedding;
  }
  for (let i = 0; i < count; i++) {
    if (!vectors[i]) throw new ProviderError('server', `The embeddings answer has no vector for input ${i} of ${count}.`);
  }
  return vectors;
}

/** Only the fields that are set: some servers reject `tools: []`, nulls or unknown keys. */
export function toRequestBody(request: ChatRequest): ChatCompletionCreateParamsStreaming {
  const body: ChatCompletionCreateParamsStreaming = {
    model: request.model,
    messages: request.messages,
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.tools?.length) {
    body.tools = request.tools;
    if (request.tool_choice !== undefined) body.tool_choice = request.tool_choice;
    if (request.parallel_tool_calls !== undefined) body.parallel_tool_calls = request.parallel_tool_calls;
  }
  if (request.temperature != null) body.temperature = request.temperature;
  if (request.top_p != null) body.top_p = request.top_p;
  if (request.max_tokens != null) body.max_tokens = request.max_tokens;
  // Our json_schema is a plain record; the SDK's type names its fields. The wire shape is the same.
  if (request.response_format) body.response_format = request.response_format as ChatCompletionCreateParamsStreaming['response_format'];
  return body;
}

type Delta = ChatCompletionChunk.Choice['delta'];

/** Text and tool-call fragments of one delta. Id and name are passed on once per call, even from servers that repeat them. */
export function* deltaChunks(delta: Delta | undefined, seen: Map<number, { id: boolean; name: boolean }>): Generator<ChatChunk> {
  if (!delta) return;
  if (delta.content) yield { type: 'text', text: delta.content };
  for (const [position, call] of (delta.tool_calls ?? []).entries()) {
    // A few servers leave out `index` when each call arrives whole in one delta.
    const index = call.index ?? position;
    const already = seen.get(index) ?? { id: false, name: false };
    seen.set(index, already);
    const chunk: Extract<ChatChunk, { type: 'tool_call' }> = { type: 'tool_call', index };
    if (call.id && !already.id) { chunk.id = call.id; already.id = true; }
    if (call.function?.name && !already.name) { chunk.name = call.function.name; already.name = true; }
    if (call.function?.arguments) chunk.arguments = call.function.arguments;
    if (chunk.id !== undefined || chunk.name !== undefined || chunk.arguments !== undefined) yield chunk;
  }
}

export function finishReason(reason: string): Extract<ChatChunk, { type: 'finish' }>['reason'] {
  switch (reason) {
    case 'stop': case 'length': case 'tool_calls': case 'content_filter': return reason;
    case 'function_call': return 'tool_calls';
    default: return 'other';
  }
}
