import * as vscode from 'vscode';
import { createProviderFactory, providerTimeoutMs } from '../../providers/factory';
import { ProviderError, type ChatChunk, type ChatProvider, type ChatRequest, type ProviderErrorKind } from '../../providers/types';
import type { ApiKeyStore } from '../secrets';
import { embeddingsModelFor } from './embeddingsChoice';
import { readSettings } from '../settings';
import { createVsCodeLmProvider } from '../lm';
import { errorMessage } from '../../common/errorMessage';

/**
 * The provider the embedded runtime calls: it reads Tutor's settings and key at the moment a run
 * starts (so changing them needs no restart) and remembers the last failure (its kind and the provider's words), which the
 * chat view turns into an action (set the key, pick a model, open settings).
 */
export class SettingsProvider implements ChatProvider {
  private failure: { kind: ProviderErrorKind; detail: string } | undefined;

  constructor(private readonly apiKeys: ApiKeyStore) {}

  /**
   * How the last chat request failed (its kind and the provider's words), or undefined when it did
   * not: the runtime's `last_error` cannot say which of these it was, so the chat asks here.
   */
  get lastFailure(): { kind: ProviderErrorKind; detail: string } | undefined {
    return this.failure;
  }

  async *streamChat(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatChunk> {
    this.failure = undefined;
    try {
      const inner = await this.resolve();
      yield* inner.streamChat(request, signal);
    } catch (err) {
      this.failure = err instanceof ProviderError ? { kind: err.kind, detail: err.message } : { kind: 'server', detail: errorMessage(err) };
      throw err;
    }
  }

  /**
   * Embeddings for file search, from the same provider with the model the settings choose
   * (embeddingsChoice.ts). Failures do not touch `lastFailure`: they cost ranking quality, not
   * an answer, and file search falls back to keywords on its own.
   */
  async embed(texts: string[], signal: AbortSignal): Promise<number[][]> {
    const model = embeddingsModelFor(readSettings());
    if (!model) throw new ProviderError('model_not_found', vscode.l10n.t('Embeddings are off for this provider (tutor.fileSearch.embeddings, tutor.fileSearch.embeddingsModel).'));
    const inner = await this.resolve(model);
    if (!inner.embed) throw new ProviderError('model_not_found', vscode.l10n.t('This provider has no embeddings endpoint.'));
    return inner.embed(texts, signal);
  }

  /** The embedder the runtime's file search uses: switched off (no requests, no log) when the settings say so. */
  embedder(): { embed(texts: string[], signal?: AbortSignal): Promise<number[][]>; enabled(): boolean } {
    return {
      embed: (texts, signal) => this.embed(texts, signal ?? new AbortController().signal),
      enabled: () => embeddingsModelFor(readSettings()) !== undefined,
    };
  }

  async listModels(signal: AbortSignal): Promise<string[]> {
    const inner = await this.resolve();
    if (!inner.listModels) throw new ProviderError('bad_request', vscode.l10n.t('This provider cannot list its models; type a model name instead.'));
    return inner.listModels(signal);
  }

  /** The key: Secret Storage first, then the OPENAI_API_KEY environment variable. */
  async apiKey(): Promise<string | undefined> {
    return (await this.apiKeys.get()) || process.env.OPENAI_API_KEY || undefined;
  }

  /**
   * The provider that needs a key and has none ('OpenAI', 'Azure OpenAI'), or undefined. Local and
   * custom servers may run without one, so only these two are known to refuse a keyless request.
   */
  async missingKeyFor(): Promise<string | undefined> {
    const needs = keyedProviderName(readSettings().provider);
    return needs && !(await this.apiKey()) ? needs : undefined;
  }

  private async resolve(embeddingsModel?: string): Promise<ChatProvider> {
    const settings = readSettings();
    if (settings.provider === 'vscode-lm') return createVsCodeLmProvider();
    const apiKey = await this.apiKey();
    const needs = keyedProviderName(settings.provider);
    // The chat checks before sending (missingKeyNotice); this holds for every other caller
    // (file search's embeddings, Select Model), and never sends a keyless request.
    if (needs && !apiKey) throw new ProviderError('auth', vscode.l10n.t('No API key is set for {0}.', needs));
    let factory;
    try {
      // Global fetch: VS Code routes it through the user's http.proxy settings.
      const timeoutMs = providerTimeoutMs(process.env);
      factory = createProviderFactory({ kind: settings.provider, providerUrl: settings.providerUrl, ...(apiKey ? { apiKey } : {}), ...(timeoutMs ? { timeoutMs } : {}), ...(embeddingsModel ? { embeddingsModel } : {}), fetch: (...args: Parameters<typeof fetch>) => fetch(...args) });
    } catch (err) {
      throw new ProviderError('bad_request', errorMessage(err));
    }
    return factory(settings.model);
  }
}

/** The providers that refuse a request without a key, by the name users know them by. */
function keyedProviderName(provider: string): string | undefined {
  return provider === 'openai' ? 'OpenAI' : provider === 'azure' ? 'Azure OpenAI' : undefined;
}
