/**
 * Embeddings as file search uses them: optional and never in the way. Many providers (a local
 * model, Azure without an embeddings deployment, VS Code's language models) have no embeddings
 * endpoint; then file search ranks with BM25 alone. A failure is logged once, and embeddings are
 * left alone for a while instead of costing every ingestion and search another failed request.
 */
import type { ChatProvider, ProviderFactory } from '../../providers/types';
import type { Logger } from '../domain/clock';
import type { Embedder } from './types';
import { unitVector } from './vectors';

/** Texts per embeddings request: 32 chunks of up to 4,096 tokens stay under OpenAI's 300k tokens a request. */
export const EMBED_BATCH = 32;
/** After a failure, how long embeddings are not tried. */
export const EMBEDDINGS_RETRY_MS = 5 * 60_000;

/**
 * The Embedder of a provider, when it has one.
 *
 * @example
 *   const index = createChunkIndex({ driver, embedder: providerEmbedder(providers(model)) });
 */
export function providerEmbedder(provider: ChatProvider): Embedder | undefined {
  const embed = provider.embed?.bind(provider);
  if (!embed) return undefined;
  return { embed: (texts, signal) => embed(texts, signal ?? new AbortController().signal) };
}

/**
 * An Embedder that picks the provider anew for every request, so a change of provider settings
 * applies without a restart. `model` only selects the provider (the embeddings model is the
 * provider's own setting). A provider without `embed` fails the request, and file search then
 * ranks with BM25 alone.
 *
 * @example
 *   const index = createChunkIndex({ driver, embedder: factoryEmbedder(deps.providers, assistant.model) });
 */
export function factoryEmbedder(providers: ProviderFactory, model = ''): Embedder {
  return {
    embed(texts, signal) {
      const embedder = providerEmbedder(providers(model));
      if (!embedder) return Promise.reject(new Error('the model provider has no embeddings endpoint'));
      return embedder.embed(texts, signal);
    },
  };
}

/**
 * Wraps an Embedder (or none): batches, checks the answer, turns vectors to unit length, and stands
 * down after a failure. Only cancellation is thrown; every other failure is an undefined result.
 */
export class OptionalEmbeddings {
  private failedAt: number | undefined;

  constructor(
    private readonly embedder: Embedder | undefined,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** False without an embedder, while it is switched off, and for a while after a failure. */
  get available(): boolean {
    if (!this.embedder || this.embedder.enabled?.() === false) return false;
    return this.failedAt === undefined || this.now() - this.failedAt >= EMBEDDINGS_RETRY_MS;
  }

  /**
   * One unit vector per text (undefined for a zero vector), or undefined when embeddings are not
   * available or failed. Throws only when `signal` aborts.
   */
  async embed(texts: string[], signal?: AbortSignal): Promise<(Float32Array | undefined)[] | undefined> {
    if (!this.embedder || !this.available || texts.length === 0) return undefined;
    const vectors: (Float32Array | undefined)[] = [];
    try {
      for (let i = 0; i < texts.length; i += EMBED_BATCH) {
        const batch = texts.slice(i, i + EMBED_BATCH);
        const answer = await this.embedder.embed(batch, signal);
        signal?.throwIfAborted();
        checkAnswer(answer, batch.length, vectors[0]?.length);
        for (const values of answer) vectors.push(unitVector(values));
      }
    } catch (err) {
      signal?.throwIfAborted();
      this.fail(err);
      return undefined;
    }
    this.failedAt = undefined;
    return vectors;
  }

  private fail(err: unknown): void {
    // Logged when embeddings stop working, not on every attempt while they stay broken.
    if (this.failedAt === undefined) {
      const reason = err instanceof Error ? err.message : String(err);
      this.logger.warn(`File search: embeddings failed (${reason}); ranking by keywords (BM25) only, trying embeddings again in ${EMBEDDINGS_RETRY_MS / 60_000} minutes.`);
    }
    this.failedAt = this.now();
  }
}

function checkAnswer(answer: unknown, count: number, dimensions: number | undefined): asserts answer is number[][] {
  if (!Array.isArray(answer) || answer.length !== count) {
    throw new Error(`the embeddings answer has ${Array.isArray(answer) ? answer.length : 'no'} vectors for ${count} texts`);
  }
  const expected = dimensions ?? (Array.isArray(answer[0]) ? answer[0].length : 0);
  for (const vector of answer) {
    if (!Array.isArray(vector) || vector.length === 0 || vector.length !== expected) {
      throw new Error('the embeddings answer has vectors of different lengths');
    }
  }
}
