/**
 * The ChatProvider for every server that speaks OpenAI chat completions (OpenAI, Azure, Ollama,
 * LM Studio, vLLM, …), built on the official SDK. The SDK's own retries are off: this adapter
 * retries itself so it can stop retrying once the first chunk has reached the caller.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { type ChatChunk, type ChatProvider, type ChatRequest, ProviderError } from './types';

export interface OpenAICompatibleOptions {
  baseURL: string;
  /** Sent as `Authorization: Bearer …`. Without one no Authorization header is sent at all. */
  apiKey?: string;
  headers?: Record<string, string>;
  /** Added to every URL, e.g. Azure's `{ 'api-version': '2024-10-21' }`. */
  query?: Record<string, string>;
  fetch?: typeof fetch;
  /** Retries of 429, 5xx and connection failures before the first chunk. Default 2. */
  maxRetries?: number;
  /** Per-request timeout until the response starts; the SDK's default (10 minutes) if unset. */
  timeoutMs?: number;
  /**
   * Longest silence once the response has started: before the first chunk and between chunks.
   * Default 5 minutes. The SDK's timeout ends when the headers arrive, so without this a server
   * that sends them and then stalls left the run in progress for ever (test/reliability/faults).
   */
  idleTimeoutMs?: number;
  /** Waits between retries; must reject when `signal` aborts. Injectable so tests can record delays. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * The model `embed` asks `POST {baseURL}/embeddings` for. Default `text-embedding-3-small`;
   * local servers name theirs differently (Ollama: e.g. `nomic-embed-text`).
   */
  embeddingsModel?: string;
}

export const DEFAULT_EMBEDDINGS_MODEL = 'text-embedding-3-small';

/** A retry-after longer than this is not waited for: the error goes to the caller instead. */
const MAX_RETRY_AFTER_MS = 60_000;
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
/** Far above any real pause in a stream, even a local model on a CPU reading a long prompt. */
const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

/**
 * Creates a provider for one OpenAI-compatible base URL.
 *
 * @example
 *   const provider = createOpenAICompatibleProvider({ baseURL: 'http://127.0.0.1:11434/v1' });
 *   for await (const chunk of provider.streamChat({ model: 'llama3.2', messages }, signal)) { … }
 */
export function createOpenAICompatibleProvider(options: OpenAICompatibleOptions): ChatProvider {
  const client = new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey ?? 'no-key',
    // Explicit nulls keep OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment out of every request.
    organization: null,
    project: null,
    // A placeholder bearer token would be sent to servers (Azure) that judge the Authorization header.
    defaultHeaders: { ...(options.apiKey === undefined && { Authorization: null }), ...options.headers },
    ...(options.query && { defaultQuery: options.query }),
    ...(options.fetch && { fetch: options.fetch }),
    maxRetries: 0,
    // Failures reach the caller as ProviderErrors; the SDK's console logging would only repeat them.
    // OPENAI_LOG still turns it on for debugging.
    ...(!process.env['OPENAI_LOG'] && { logLevel: 'off' as const }),
    ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }),
  });
  const maxRetries = options.maxRetries ?? 2;
  const sleep = options.sleep ?? abortableSleep;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  // Security fix (found by test/reliability/secrets.test.ts): servers and proxies may repeat the
  // key they were sent in an error message ("Incorrect API key provided: sk-…"), which used to
  // flow into run.last_error, the database, logs and the chat view. Every error this provider
  // throws has the key taken out first. (Shorter strings are no real key, and replacing them
  // could mangle ordinary words.)
  const secrets = [options.apiKey, ...Object.entries(options.headers ?? {}).filter(([name]) => /key|auth|token/i.test(name)).map(([, value]) => value)]
    .filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const toProviderError = (error: unknown, signal: AbortSignal, phase?: 'while streaming') => withoutSecrets(classify(error, signal, phase), secrets);

  async function* streamOnce(request: ChatRequest, signal: AbortSignal, onFirstChunk: () => void): AsyncGenerator<ChatChunk> {
    // Aborted when the stream stays silent too long; `signal` alone still means the caller stopped.
    const stall = new AbortController();
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    const rearm = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => stall.abort(), idleTimeoutMs);
    };
    // Not retried: a hung server seldom recovers at once, and each attempt would cost the whole wait.
    const stalled = () => rememberNotRetryable(new ProviderError('connection', `The model server stopped sending: nothing arrived for ${Math.round(idleTimeoutMs / 100) / 10} s.`));
    let stream: AsyncIterable<ChatCompletionChunk>;
    try {
      stream = await client.chat.completions.create(toRequestBody(request), { signal: AbortSignal.any([signal, stall.signal]) });
    } catch (error) {
      throw toProviderError(error, signal);
    }
    const toolCallsSeen = new Map<number, { id: boolean; name: boolean }>();
    let finish: ChatChunk | undefined;
    let usage: ChatChunk | undefined;
    rearm();
    try {
      for await (const upstream of stream) {
        rearm();
        if (upstream.usage) usage = { type: 'usage', prompt_tokens: upstream.usage.prompt_tokens, completion_tokens: upstream.usage.completion_tokens };
        const choice = upstream.choices?.[0];
        if (!choice) continue;
        for (const chunk of deltaChunks(choice.delta, toolCallsSeen)) {
          onFirstChunk();
          yield chunk;
        }
        if (choice.finish_reason) finish = { type: 'finish', reason: finishReason(choice.finish_reason) };
      }
    } catch (error) {
      if (stall.signal.aborted && !signal.aborted) throw stalled();
      throw toProviderError(error, signal, 'while streaming');
    } finally {
      clearTimeout(stallTimer);
    }
    // The SDK ends the iteration quietly when the signal aborts; the caller must still hear of it.
    if (signal.aborted) throw abortedError();
    if (stall.signal.aborted) throw stalled();
    if (!finish) throw new ProviderError('server', 'The model stream ended early, before the model said it had finished.');
    // Usage arrives after finish_reason upstream; finish is yielded last so it always ends the stream.
    if (usage) yield usage;
    yield finish;
  }

  return {
    async *streamChat(request, signal) {
      for (let attempt = 0; ; attempt++) {
        if (signal.aborted) throw abortedError();
        let started = false;
        try {
          yield* streamOnce(request, signal, () => { started = true; });
          return;
        } catch (error) {
          const failure = toProviderError(error, signal);
          const delayMs = started || attempt >= maxRetries ? undefined : retryDelayMs(failure, attempt);
          if (delayMs === undefined) throw failure;
          try {
            await sleep(delayMs, signal);
          } catch (sleepError) {
            throw toProviderError(sleepError, signal);
          }
        }
      }
    },

    async embed(texts, signal) {
      const model = options.embeddingsModel || DEFAULT_EMBEDDINGS_MODEL;
      for (let attempt = 0; ; attempt++) {
        if (signal.aborted) throw abortedError();
        try {
          // 'float' explicitly: the SDK otherwise asks for base64, which some compatible servers lack.
          const response = await client.embeddings.create({ model, input: texts, encoding_format: 'float' }, { signal });
          return embeddingsInOrder(response.data, texts.length);
        } catch (error) {
          const failure = toProviderError(error, signal);
          const delayMs = attempt >= maxRetries ? undefined : retryDelayMs(failure, attempt);
          if (delayMs === undefined) throw failure;
          try {
            await sleep(delayMs, signal);
          } catch (sleepError) {
            throw toProviderError(sleepError, signal);
          }
        }
      }
    },

    async listModels(signal) {
      try {
        const ids: string[] = [];
        for await (const model of client.models.list({ signal })) ids.push(model.id);
        return ids;
      } catch (error) {
        throw toProviderError(error, signal);
      }
    },
  };
}

/** The vectors by their `index` (servers may answer out of order), checked to be one per input. */
function embeddingsInOrder(data: { index: number; embedding: number[] }[] | undefined, count: number): number[][] {
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
function toRequestBody(request: ChatRequest): ChatCompletionCreateParamsStreaming {
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
function* deltaChunks(delta: Delta | undefined, seen: Map<number, { id: boolean; name: boolean }>): Generator<ChatChunk> {
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

function finishReason(reason: string): Extract<ChatChunk, { type: 'finish' }>['reason'] {
  switch (reason) {
    case 'stop': case 'length': case 'tool_calls': case 'content_filter': return reason;
    case 'function_call': return 'tool_calls';
    default: return 'other';
  }
}

/**
 * Classifies by status, error code and error class only — message text differs between servers
 * and versions. `phase` marks failures after the response started, where a dropped connection
 * means a cut stream rather than an unreachable server.
 */
function classify(error: unknown, signal: AbortSignal, phase?: 'while streaming'): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted || error instanceof APIUserAbortError || isAbortError(error)) return abortedError();
  if (error instanceof APIConnectionTimeoutError) return new ProviderError('connection', 'The model server did not answer in time.');
  if (error instanceof APIConnectionError) return new ProviderError('connection', `Could not reach the model server: ${describe(error.cause ?? error)}`);
  if (error instanceof APIError) {
    const message = `The model server answered: ${error.message}`;
    const { status, code } = error;
    // No status: the server sent an error event inside an otherwise successful stream.
    if (status === undefined) return new ProviderError('server', message);
    if (status === 401 || status === 403) return new ProviderError('auth', message, status);
    // insufficient_quota is a 429 that no amount of waiting fixes.
    if (status === 429 && code === 'insufficient_quota') return rememberNotRetryable(new ProviderError('rate_limit', message, status));
    if (status === 429) return new ProviderError('rate_limit', message, status, retryAfterMs(error.headers));
    if (status === 404 || code === 'model_not_found') return new ProviderError('model_not_found', message, status);
    if (status >= 400 && status < 500) return new ProviderError('bad_request', message, status);
    return new ProviderError('server', message, status);
  }
  if (error instanceof SyntaxError) return new ProviderError('server', 'The model server sent a malformed stream chunk.');
  if (phase === 'while streaming') return new ProviderError('server', `The model stream ended early: ${describe(error)}`);
  if (error instanceof TypeError) return new ProviderError('connection', `Could not reach the model server: ${describe(error)}`);
  return new ProviderError('server', `The model request failed: ${describe(error)}`);
}

/** The error with every secret in its message and stack replaced (same object: retry marks stay). */
function withoutSecrets(error: ProviderError, secrets: readonly string[]): ProviderError {
  for (const secret of secrets) {
    error.message = error.message.split(secret).join('[API key removed]');
    if (error.stack) error.stack = error.stack.split(secret).join('[API key removed]');
  }
  return error;
}

/** Failures whose kind is retryable but whose code says waiting will not help. */
const notRetryable = new WeakSet<ProviderError>();

function rememberNotRetryable(error: ProviderError): ProviderError {
  notRetryable.add(error);
  return error;
}

/** How long to wait before the next attempt, or undefined when this failure is not worth retrying. */
function retryDelayMs(failure: ProviderError, attempt: number): number | undefined {
  if (notRetryable.has(failure)) return undefined;
  if (failure.kind !== 'rate_limit' && failure.kind !== 'server' && failure.kind !== 'connection') return undefined;
  if (failure.retryAfterMs !== undefined) return failure.retryAfterMs <= MAX_RETRY_AFTER_MS ? failure.retryAfterMs : undefined;
  const exponential = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
  // Jitter spreads out clients that failed together, so they do not retry in lockstep.
  return Math.round(exponential * (0.75 + Math.random() * 0.25));
}

/** `retry-after-ms` (OpenAI) or `retry-after` in seconds or as an HTTP date. */
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function abortedError(): ProviderError {
  return new ProviderError('aborted', 'The request to the model was cancelled.');
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => { signal.removeEventListener('abort', stop); resolve(); };
    const stop = () => { clearTimeout(timer); reject(signal.reason); };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', stop, { once: true });
  });
}
