/**
 * Which embeddings model file search asks the provider for, from Tutor's settings. Pure, so the
 * choice is unit-tested without VS Code.
 */
import { DEFAULT_EMBEDDINGS_MODEL } from '../../providers/openaiCompatible';
import type { TutorSettings } from '../settings';

/**
 * The model, or undefined for keyword (BM25) ranking alone. A model the user named is used with
 * any OpenAI-compatible provider. Unnamed, only OpenAI gets its usual one: a local server
 * (Ollama, LM Studio) or a custom one has its own embedding models, whose names Tutor cannot
 * guess, and asking for text-embedding-3-small there only fails. Azure serves each model from
 * its own deployment URL, which `tutor.providerUrl` (the chat deployment) is not, and VS Code's
 * language models have no embeddings at all.
 *
 * @example
 *   embeddingsModelFor({ provider: 'openai', embeddings: true, embeddingsModel: '' });            // 'text-embedding-3-small'
 *   embeddingsModelFor({ provider: 'ollama', embeddings: true, embeddingsModel: 'nomic-embed-text' }); // 'nomic-embed-text'
 *   embeddingsModelFor({ provider: 'ollama', embeddings: true, embeddingsModel: '' });            // undefined
 */
export function embeddingsModelFor(settings: Pick<TutorSettings, 'provider' | 'embeddings' | 'embeddingsModel'>): string | undefined {
  if (!settings.embeddings || settings.provider === 'vscode-lm' || settings.provider === 'azure') return undefined;
  if (settings.embeddingsModel) return settings.embeddingsModel;
  return settings.provider === 'openai' ? DEFAULT_EMBEDDINGS_MODEL : undefined;
}
