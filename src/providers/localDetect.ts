/**
 * Finds model servers already running on this machine (Ollama, LM Studio), so a first-time user
 * with one of them needs no API key and no settings.
 */
import { providerBaseUrl } from './factory';

export type LocalProviderKind = 'ollama' | 'lmstudio';

export interface LocalProvider {
  kind: LocalProviderKind;
  /** The provider's base URL, as `tutor.providerUrl` would hold it (no trailing `/models`). */
  url: string;
  /** Model ids the server listed; empty when it runs but has no model yet. */
  models: string[];
}

/** Probed in this order, which is also the order of the result. */
const LOCAL_KINDS: readonly LocalProviderKind[] = ['ollama', 'lmstudio'];

/**
 * Asks each well-known local server for its model list, all at once, each bounded by
 * `timeoutMs`. Returns the servers that answered with an OpenAI-style list; never throws.
 *
 * @example
 *   const found = await detectLocalProviders();
 *   // [{ kind: 'ollama', url: 'http://127.0.0.1:11434/v1', models: ['llama3.2:latest'] }]
 */
export async function detectLocalProviders(fetchFn: typeof fetch = fetch, timeoutMs = 600): Promise<LocalProvider[]> {
  const probes = LOCAL_KINDS.map(async (kind): Promise<LocalProvider | undefined> => {
    const url = providerBaseUrl(kind);
    const models = await listModelsQuietly(fetchFn, `${url}/models`, timeoutMs);
    return models && { kind, url, models };
  });
  return (await Promise.all(probes)).filter((found): found is LocalProvider => found !== undefined);
}

/** The ids of an OpenAI-style `{ object: 'list', data: [{ id }] }` answer; undefined for anything else. */
async function listModelsQuietly(fetchFn: typeof fetch, url: string, timeoutMs: number): Promise<string[] | undefined> {
  try {
    // The timeout covers the body too: a server that sends headers and then stalls is not "running".
    const response = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) return undefined;
    return modelIds(await response.json());
  } catch {
    // Refused, timed out, not JSON: nothing usable is listening there.
    return undefined;
  }
}

function modelIds(body: unknown): string[] | undefined {
  if (!isRecord(body)) return undefined;
  // Ollama without any pulled model answers `"data": null`.
  if (body['data'] === null && body['object'] === 'list') return [];
  if (!Array.isArray(body['data'])) return undefined;
  return body['data'].flatMap((model) => (isRecord(model) && typeof model['id'] === 'string' && model['id'] ? [model['id']] : []));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
