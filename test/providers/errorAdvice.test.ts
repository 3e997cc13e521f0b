import * as assert from 'node:assert/strict';
import { actionForProviderError } from '../../src/extension/errorAdvice';
import type { ProviderErrorKind } from '../../src/providers/types';

describe('actionForProviderError', () => {
  it('offers the fix that matches each failure', () => {
    const expected: Record<ProviderErrorKind, string> = {
      auth: 'setApiKey',
      model_not_found: 'selectModel',
      connection: 'openSettings',
      rate_limit: 'retry',
      server: 'retry',
      bad_request: 'selectModel',
      aborted: 'retry',
    };
    for (const [kind, action] of Object.entries(expected)) {
      assert.equal(actionForProviderError(kind as ProviderErrorKind).action, action, kind);
    }
  });

  it('names the command or setting that fixes it', () => {
    assert.match(actionForProviderError('auth').message, /Tutor: Set API Key/);
    assert.match(actionForProviderError('model_not_found').message, /Tutor: Select Model/);
    const unreachable = actionForProviderError('connection').message;
    assert.match(unreachable, /tutor\.providerUrl/);
    assert.match(unreachable, /Ollama or LM Studio/);
    assert.match(unreachable, /running/);
  });

  it('treats "no kind, no code" as no provider set up, naming both kinds of provider', () => {
    const advice = actionForProviderError(undefined);
    assert.equal(advice.action, 'openSettings');
    assert.match(advice.message, /tutor\.provider/);
    assert.match(advice.message, /Tutor: Set API Key/);
    assert.match(advice.message, /Ollama and LM Studio/);
  });

  it("falls back to the run's last_error.code when the kind is unknown", () => {
    assert.equal(actionForProviderError(undefined, 'rate_limit_exceeded').action, 'retry');
    assert.equal(actionForProviderError(undefined, 'server_error').action, 'retry');
    assert.equal(actionForProviderError(undefined, 'invalid_api_key').action, 'setApiKey');
    assert.equal(actionForProviderError(undefined, 'model_not_found').action, 'selectModel');
    assert.equal(actionForProviderError(undefined, 'something_new').action, 'retry');
    // The kind, when known, is more precise than the code.
    assert.equal(actionForProviderError('auth', 'invalid_prompt').action, 'setApiKey');
  });

  it('writes every message as whole sentences', () => {
    for (const kind of [undefined, 'auth', 'model_not_found', 'connection', 'rate_limit', 'server', 'bad_request', 'aborted'] as const) {
      const { message } = actionForProviderError(kind);
      assert.match(message, /^[A-Z].*\.$/, String(kind));
    }
  });
});
