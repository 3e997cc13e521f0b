import * as assert from 'node:assert/strict';
import { actionForProviderError, beforeRunNotice, failedRunNotice, missingKeyNotice, runEndNotice } from '../../../src/extension/chat/errorAdvice';
import type { ProviderErrorKind } from '../../../src/providers/types';

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

describe('failedRunNotice', () => {
  // The runtime's last_error for a 401, with the advice it gives plain API clients.
  const runtime401 = { code: 'invalid_prompt', message: 'The model provider rejected the API key (401): Incorrect API key provided. Set a valid key.' };

  it('gives one piece of advice for an embedded provider failure, with the provider\'s words as detail', () => {
    const notice = failedRunNotice({ embedded: true, provider: { kind: 'auth', detail: 'The model server answered: 401 Incorrect API key provided (HTTP 401).' }, lastError: runtime401 });
    assert.equal(notice.action, 'setApiKey');
    assert.match(notice.message, /^The model provider did not accept the API key/);
    assert.match(notice.message, /\(The model server answered: 401 Incorrect API key provided \(HTTP 401\)\.\)$/);
    // The runtime's own advice is not repeated next to ours.
    assert.doesNotMatch(notice.message, /Set a valid key\./);
    assert.equal(notice.message.match(/API key/g)?.length, 2, notice.message);
  });

  it("shows the run's own message when the embedded run failed without a provider failure", () => {
    const lastError = { code: 'server_error', message: 'The model kept calling tools: stopped after 16 model calls in one run. Ask a narrower question, or break it into steps; the limit is there so a looping model cannot run up cost.' };
    assert.deepEqual(failedRunNotice({ embedded: true, lastError }), { message: lastError.message, action: 'retry' });
  });

  it("shows a remote server's message as it stands, with the button its code suggests", () => {
    assert.deepEqual(failedRunNotice({ embedded: false, lastError: runtime401 }), { message: runtime401.message, action: 'selectModel' });
    assert.equal(failedRunNotice({ embedded: false, lastError: { code: 'rate_limit_exceeded', message: 'Slow down.' } }).action, 'retry');
  });

  it('still says something useful with nothing to go on', () => {
    const notice = failedRunNotice({ embedded: false });
    assert.equal(notice.action, 'retry');
    assert.match(notice.message, /^The run failed\. .*Retry/);
  });
});

describe('missingKeyNotice', () => {
  it('says the key is missing (not refused), with both ways out', () => {
    const advice = missingKeyNotice('OpenAI', { questionInBox: true });
    assert.match(advice.message, /^No API key is set for OpenAI\./);
    assert.doesNotMatch(advice.message, /did not accept/);
    assert.match(advice.message, /Tutor: Set API Key/);
    assert.match(advice.message, /Ollama or LM Studio/);
    assert.match(advice.message, /back in the box/);
    assert.deepEqual([advice.action, advice.secondaryAction], ['setApiKey', 'chooseProvider']);
    assert.doesNotMatch(missingKeyNotice('Azure OpenAI', { questionInBox: false }).message, /back in the box/);
  });
});

describe('beforeRunNotice', () => {
  const server = 'http://127.0.0.1:8765/v1';

  it("names a Tutor server's 401 as a refused token, with where the token comes from", () => {
    for (const status of [401, 403]) {
      const advice = beforeRunNotice({ status, message: `${status} Invalid bearer token.` }, server);
      assert.equal(advice.action, 'setApiKey');
      assert.match(advice.message, /Tutor server at http:\/\/127\.0\.0\.1:8765\/v1 refused the token/);
      assert.match(advice.message, /--token or TUTOR_SERVER_TOKEN/);
      assert.match(advice.message, /OPENAI_API_KEY/);
      assert.doesNotMatch(advice.message, /no model provider/i);
    }
  });

  it('tells a server that did not answer from one that failed', () => {
    assert.equal(beforeRunNotice({ message: 'Connection error.' }, server).action, 'openSettings');
    assert.match(beforeRunNotice({ message: 'Connection error.' }, server).message, /no answer from the Tutor server .* tutor\.server\.url/);
    const failed = beforeRunNotice({ status: 500, message: '500 database is locked' }, server);
    assert.equal(failed.action, 'retry');
    assert.match(failed.message, /failed \(500 database is locked\)/);
  });

  it("blames the built-in runtime, not a provider, when the embedded one fails", () => {
    const advice = beforeRunNotice({ status: 500, message: 'disk I/O error' }, '');
    assert.equal(advice.action, 'retry');
    assert.match(advice.message, /built-in runtime failed: disk I\/O error/);
    assert.doesNotMatch(advice.message, /model provider/);
  });
});

describe('runEndNotice', () => {
  it('says nothing about a completed run', () => {
    assert.equal(runEndNotice('completed', { embedded: true }), undefined);
  });

  it('offers Retry after Stop and after an expired run, and says a cut-off answer can go on', () => {
    assert.deepEqual(runEndNotice('cancelled', { embedded: true }), { text: 'Stopped. The answer above is incomplete; press Retry to ask again.', level: 'info', action: 'retry' });
    assert.deepEqual(runEndNotice('expired', { embedded: true }), { text: 'The run expired while waiting for a tool. Ask again.', level: 'warning', action: 'retry' });
    assert.deepEqual(runEndNotice('incomplete', { embedded: true }), { text: 'The answer was cut off at the token limit. Ask Tutor to continue.', level: 'warning' });
  });

  it("words a failed run as failedRunNotice does, as an error with its fix", () => {
    const facts = { embedded: true, provider: { kind: 'model_not_found' as const, detail: 'no such model' } };
    const { message, action } = failedRunNotice(facts);
    assert.deepEqual(runEndNotice('failed', facts), { text: message, level: 'error', action });
  });
});
