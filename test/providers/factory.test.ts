import * as assert from 'node:assert/strict';
import { createProviderFactory, providerBaseUrl } from '../../src/providers/factory';
import type { ChatChunk } from '../../src/providers/types';
import { type FakeModel, startFakeModel } from '../../harness/fakeModel';

describe('providerBaseUrl', () => {
  it('knows the well-known servers', () => {
    assert.equal(providerBaseUrl('openai'), 'https://api.openai.com/v1');
    assert.equal(providerBaseUrl('ollama'), 'http://127.0.0.1:11434/v1');
    assert.equal(providerBaseUrl('lmstudio'), 'http://127.0.0.1:1234/v1');
  });

  it('lets tutor.providerUrl override them, without a trailing slash', () => {
    assert.equal(providerBaseUrl('ollama', 'http://gpu-box:11434/v1/'), 'http://gpu-box:11434/v1');
    assert.equal(providerBaseUrl('custom', ' http://vllm:8000/v1 '), 'http://vllm:8000/v1');
    assert.equal(providerBaseUrl('openai', ''), 'https://api.openai.com/v1');
  });

  it('requires tutor.providerUrl for azure and custom', () => {
    for (const kind of ['azure', 'custom'] as const) {
      for (const url of [undefined, '', '   ']) {
        assert.throws(() => providerBaseUrl(kind, url), (error: Error) => error.message.includes('tutor.providerUrl') && error.message.includes(kind));
      }
    }
    assert.throws(() => createProviderFactory({ kind: 'custom' }), /tutor\.providerUrl/);
  });
});

describe('createProviderFactory', () => {
  let fake: FakeModel;
  beforeEach(async () => { fake = await startFakeModel(); });
  afterEach(() => fake.close());

  async function ask(factory: ReturnType<typeof createProviderFactory>, model: string): Promise<ChatChunk[]> {
    const chunks: ChatChunk[] = [];
    const request = { model, messages: [{ role: 'user' as const, content: 'hi' }] };
    for await (const chunk of factory(model).streamChat(request, new AbortController().signal)) chunks.push(chunk);
    return chunks;
  }

  it('azure: api-key header, api-version query, no bearer token, model unchanged', async () => {
    await ask(createProviderFactory({ kind: 'azure', providerUrl: fake.url, apiKey: 'azure-secret' }), 'my-deployment');
    const [request] = fake.requests;
    assert.equal(request!.headers['api-key'], 'azure-secret');
    assert.equal(request!.headers.authorization, undefined);
    assert.deepEqual(request!.query, { 'api-version': '2024-10-21' });
    assert.equal(request!.body.model, 'my-deployment');
  });

  it('azure: a configured api version wins', async () => {
    await ask(createProviderFactory({ kind: 'azure', providerUrl: fake.url, apiKey: 'k', azureApiVersion: '2025-04-01-preview' }), 'm');
    assert.deepEqual(fake.requests[0]!.query, { 'api-version': '2025-04-01-preview' });
  });

  it('openai-style kinds: bearer key, extra headers, no query, model unchanged', async () => {
    const factory = createProviderFactory({ kind: 'custom', providerUrl: `${fake.url}/`, apiKey: 'sk-x', headers: { 'x-team': 'math' } });
    const chunks = await ask(factory, 'qwen2.5:7b');
    assert.deepEqual(chunks.at(-1), { type: 'finish', reason: 'stop' });
    const [request] = fake.requests;
    assert.equal(request!.path, '/v1/chat/completions');
    assert.equal(request!.headers.authorization, 'Bearer sk-x');
    assert.equal(request!.headers['x-team'], 'math');
    assert.deepEqual(request!.query, {});
    assert.equal(request!.body.model, 'qwen2.5:7b');
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const recording: typeof fetch = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    await ask(createProviderFactory({ kind: 'ollama', providerUrl: fake.url, fetch: recording }), 'llama3.2');
    assert.deepEqual(seen, [`${fake.url}/chat/completions`]);
  });
});
