/**
 * The ChatProvider for every server that speaks OpenAI chat completions (OpenAI, Azure, Ollama,
 * LM Studio, vLLM, …), built on the official SDK. The SDK's own retries are off: this adapter
 * retries itself so it can stop retrying once the first chunk has reached the caller.
 */
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { abortableSleep, abortedError, classify, rememberNotRetryable, retryDelayMs, withoutSecrets } from './openaiCompatibleFailures';
import { deltaChunks, embeddingsInOrder, finishReason, toRequestBody } from './openaiCompatibleWire';
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
