/**
 * The one model-provider interface: a streaming chat with tools. Every adapter (OpenAI-compatible
 * chat completions, VS Code language models) implements it, and the run engine knows nothing else.
 *
 * @example
 *   for await (const chunk of provider.streamChat({ model, messages, tools }, signal)) {
 *     if (chunk.type === 'text') process.stdout.write(chunk.text);
 *   }
 */
export interface ChatProvider {
  /** Streams one completion. Throws ProviderError; aborting `signal` ends the upstream request. */
  streamChat(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatChunk>;
  /** Model ids the provider offers, where it can list them. */
  listModels?(signal: AbortSignal): Promise<string[]>;
  /**
   * One embedding vector per text, in order, where the provider has an embeddings endpoint (file
   * search ranks with them beside BM25). Throws ProviderError; a provider without the endpoint
   * either leaves this out or fails with `model_not_found`, and file search then uses BM25 alone.
   */
  embed?(texts: string[], signal: AbortSignal): Promise<number[][]>;
}

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
}

export type ChatToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  temperature?: number | null;
  top_p?: number | null;
  max_tokens?: number | null;
  response_format?: { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; json_schema: Record<string, unknown> };
}

/** What a provider yields while it streams. Tool-call fragments carry id and name only once. */
export type ChatChunk =
  | { type: 'text'; text: string }
  | { type: 'tool_call'; index: number; id?: string; name?: string; arguments?: string }
  | { type: 'usage'; prompt_tokens: number; completion_tokens: number }
  | { type: 'finish'; reason: 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'other' };

export type ProviderErrorKind = 'auth' | 'rate_limit' | 'bad_request' | 'model_not_found' | 'connection' | 'server' | 'aborted';

/**
 * A provider failure, classified by HTTP status and error code — never by message text — so the
 * engine can choose the run's `last_error.code` and the UI can say what to do.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /**
   * Also true for a ProviderError made by another copy of this module. The extension bundles its
   * provider (dist/extension.js) apart from the runtime (dist/runtime.js), so a plain `instanceof`
   * in the engine failed for every provider failure there, and the chat view said "internal error"
   * instead of what happened (test/integration/faults.test.ts).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'ProviderError' && typeof (value as { kind?: unknown }).kind === 'string';
  }
}

/** Picks the provider for a model name (an assistant's `model` passes through unchanged). */
export type ProviderFactory = (model: string) => ChatProvider;
