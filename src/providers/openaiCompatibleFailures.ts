/**
 * The OpenAI-compatible adapter's failures: every error as a ProviderError of the right kind, with
 * secrets taken out, and whether and when to retry it.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ProviderError } from './types';

/** A retry-after longer than this is not waited for: the error goes to the caller instead. */
const MAX_RETRY_AFTER_MS = 60_000;
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/**
 * Classifies by status, error code and error class only — message text differs between servers
 * and versions. `phase` marks failures after the response started, where a dropped connection
 * means a cut stream rather than an unreachable server.
 */
export function classify(error: unknown, signal: AbortSignal, phase?: 'while streaming'): ProviderError {
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
export function withoutSecrets(error: ProviderError, secrets: readonly string[]): ProviderError {
  for (const secret of secrets) {
    error.message = error.message.split(secret).join('[API key removed]');
    if (error.stack) error.stack = error.stack.split(secret).join('[API key removed]');
  }
  return error;
}

/** Failures whose kind is retryable but whose code says waiting will not help. */
const notRetryable = new WeakSet<ProviderError>();

export function rememberNotRetryable(error: ProviderError): ProviderError {
  notRetryable.add(error);
  return error;
}

/** How long to wait before the next attempt, or undefined when this failure is not worth retrying. */
export function retryDelayMs(failure: ProviderError, attempt: number): number | undefined {
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

export function abortedError(): ProviderError {
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

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => { signal.removeEventListener('abort', stop); resolve(); };
    const stop = () => { clearTimeout(timer); reject(signal.reason); };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', stop, { once: true });
  });
}
