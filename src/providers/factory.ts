/**
 * Turns the `tutor.provider*` settings into a ProviderFactory. Every kind here speaks OpenAI chat
 * completions; they differ only in base URL and how the key is sent.
 */
import { createOpenAICompatibleProvider } from './openaiCompatible';
import type { ProviderFactory } from './types';

export type ProviderKind = 'openai' | 'azure' | 'ollama' | 'lmstudio' | 'custom';

export interface ProviderConfig {
  kind: ProviderKind;
  /** `tutor.providerUrl`: required for azure and custom, overrides the default of the others. */
  providerUrl?: string;
  apiKey?: string;
  /** Azure's `api-version` query parameter. Default '2024-10-21'. */
  azureApiVersion?: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** How long the model server may stay silent (before answering, and mid-stream); see providerTimeoutMs. */
  timeoutMs?: number;
  /** The model `embed` asks for (default text-embedding-3-small). */
  embeddingsModel?: string;
}

/**
 * `TUTOR_PROVIDER_TIMEOUT_MS` from the environment, when it is a positive number: how long the
 * model server may stay silent before the run fails. Unset, the provider's defaults apply (10
 * minutes to answer, 5 minutes between chunks); tests set it small to see a hung server fail.
 */
export function providerTimeoutMs(env: NodeJS.ProcessEnv): number | undefined {
  const ms = Number(env.TUTOR_PROVIDER_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

const DEFAULT_BASE_URLS: Partial<Record<ProviderKind, string>> = {
  openai: 'https://api.openai.com/v1',
  ollama: 'http://127.0.0.1:11434/v1',
  lmstudio: 'http://127.0.0.1:1234/v1',
};

/**
 * The base URL for a provider kind: `providerUrl` when set, else the kind's well-known default.
 * Throws when azure or custom has no URL, naming the setting to fill in.
 *
 * @example
 *   providerBaseUrl('ollama'); // 'http://127.0.0.1:11434/v1'
 *   providerBaseUrl('custom', 'http://gpu-box:8000/v1/'); // 'http://gpu-box:8000/v1'
 */
export function providerBaseUrl(kind: ProviderKind, providerUrl?: string): string {
  // A trailing slash would otherwise be doubled by some clients when they append paths.
  const url = providerUrl?.trim().replace(/\/+$/, '');
  if (url) return url;
  const fallback = DEFAULT_BASE_URLS[kind];
  if (fallback) return fallback;
  const example = kind === 'azure' ? 'https://<resource>.openai.azure.com/openai/deployments/<deployment>' : 'http://127.0.0.1:8000/v1';
  throw new Error(`The '${kind}' provider needs a base URL: set tutor.providerUrl (for example ${example}).`);
}

/**
 * Builds the provider once from settings; the assistant's model name passes through unchanged.
 * Throws at once (not on first use) when the settings are incomplete.
 *
 * @example
 *   const factory = createProviderFactory({ kind: 'azure', providerUrl, apiKey });
 *   factory('gpt-4o-mini').streamChat({ model: 'gpt-4o-mini', messages }, signal);
 */
export function createProviderFactory(config: ProviderConfig): ProviderFactory {
  const baseURL = providerBaseUrl(config.kind, config.providerUrl);
  const timeouts = config.timeoutMs ? { timeoutMs: config.timeoutMs, idleTimeoutMs: config.timeoutMs } : {};
  const embeddings = config.embeddingsModel ? { embeddingsModel: config.embeddingsModel } : {};
  const provider = config.kind === 'azure'
    ? createOpenAICompatibleProvider({
        baseURL,
        // Azure takes the key in its own header and wants no bearer token beside it.
        headers: { ...config.headers, ...(config.apiKey && { 'api-key': config.apiKey }) },
        query: { 'api-version': config.azureApiVersion || DEFAULT_AZURE_API_VERSION },
        ...(config.fetch && { fetch: config.fetch }),
        ...timeouts,
        ...embeddings,
      })
    : createOpenAICompatibleProvider({
        baseURL,
        ...(config.apiKey && { apiKey: config.apiKey }),
        ...(config.headers && { headers: config.headers }),
        ...(config.fetch && { fetch: config.fetch }),
        ...timeouts,
        ...embeddings,
      });
  return () => provider;
}
