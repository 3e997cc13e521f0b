import * as assert from 'node:assert/strict';
import { embeddingsModelFor } from '../../../src/extension/setup/embeddingsChoice';
import type { ProviderSetting } from '../../../src/extension/settings';

describe('embeddingsModelFor (which embeddings model file search asks for)', () => {
  const pick = (provider: ProviderSetting, embeddingsModel = '', embeddings = true) => embeddingsModelFor({ provider, embeddings, embeddingsModel });

  it("uses OpenAI's usual model when none is named", () => {
    assert.equal(pick('openai'), 'text-embedding-3-small');
  });

  it('uses a named model with any OpenAI-compatible server, and none unnamed (its names are its own)', () => {
    for (const provider of ['ollama', 'lmstudio', 'custom'] as const) {
      assert.equal(pick(provider, 'nomic-embed-text'), 'nomic-embed-text', provider);
      assert.equal(pick(provider), undefined, provider);
    }
    assert.equal(pick('openai', 'text-embedding-3-large'), 'text-embedding-3-large');
  });

  it('asks for none when switched off, with Azure (another deployment URL) or VS Code models (no endpoint)', () => {
    assert.equal(pick('openai', 'text-embedding-3-large', false), undefined);
    assert.equal(pick('azure', 'my-embeddings'), undefined);
    assert.equal(pick('vscode-lm', 'anything'), undefined);
  });
});
