import { ProviderError } from '../../providers/types';
import type { Run } from '../domain/objects';

/** A failure the engine decided on (as opposed to one the provider reported). */
export class RunFailure extends Error {
  constructor(readonly code: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt', message: string) {
    super(message);
  }
}

/** The run's `last_error` for what stopped it, in words a user can act on. */
export function toLastError(err: unknown): NonNullable<Run['last_error']> {
  if (err instanceof RunFailure) return { code: err.code, message: err.message };
  if (err instanceof ProviderError) {
    // Without its full stop: a sentence of ours follows (it read "…in time.. Check that…").
    const detail = err.message.replace(/\.$/, '');
    switch (err.kind) {
      case 'rate_limit':
        return { code: 'rate_limit_exceeded', message: `The model provider is rate limiting requests: ${detail}. Wait a moment and try again.` };
      case 'auth':
        return { code: 'invalid_prompt', message: `The model provider rejected the API key (${err.status ?? 'auth'}): ${detail}. Set a valid key.` };
      case 'model_not_found':
        return { code: 'invalid_prompt', message: `The model provider does not know this model: ${detail}. Pick another model.` };
      case 'bad_request':
        return { code: 'invalid_prompt', message: `The model provider refused the request: ${detail}.` };
      case 'connection':
        // "did not answer", not "could not reach": a server that stalls mid-stream was reached.
        return { code: 'server_error', message: `The model provider did not answer: ${detail}. Check that it is running and the URL is right.` };
      default:
        return { code: 'server_error', message: `The model provider failed: ${detail}.` };
    }
  }
  return { code: 'server_error', message: 'The Assistants runtime hit an internal error while running this run.' };
}
