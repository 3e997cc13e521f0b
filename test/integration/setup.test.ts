// First-run setup in a real extension host: whether a provider counts as configured, the offer
// of a local server (its buttons answered by a stand-in for showInformationMessage), and the
// model picker driven through the workbench's own quick-open commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type AskUser, isProviderConfigured, offerLocalProvider, offerLocalProviderOnce } from '../../src/extension/setup/firstRun';
import { pickModel } from '../../src/extension/setup/modelPicker';
import type { LocalProvider } from '../../src/providers/localDetect';
import { waitFor } from './util';

const ollama: LocalProvider = { kind: 'ollama', url: 'http://127.0.0.1:11434/v1', models: ['llama3.2:latest', 'qwen2.5-math:7b'] };
const tutorConfig = () => vscode.workspace.getConfiguration('tutor');

async function resetUserSettings(): Promise<void> {
  for (const key of ['provider', 'model']) await tutorConfig().update(key, undefined, vscode.ConfigurationTarget.Global);
}

/** Answers with `answer` and records what it was asked. */
function answering(answer: string | undefined): AskUser & { asked: string[][] } {
  const asked: string[][] = [];
  return Object.assign((message: string, ...buttons: string[]) => {
    asked.push([message, ...buttons]);
    return Promise.resolve(answer);
  }, { asked });
}

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] { return [...this.values.keys()]; }
  get<T>(key: string, fallback?: T): T | undefined { return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined; }
  update(key: string, value: unknown): Thenable<void> { this.values.set(key, value); return Promise.resolve(); }
}

describe('first run', () => {
  afterEach(resetUserSettings);

  it('counts a provider as configured only when set explicitly, a key is stored, or OPENAI_API_KEY is set', async () => {
    await resetUserSettings();
    assert.equal(isProviderConfigured(tutorConfig(), false, {}), false, 'the default value alone does not count');
    assert.equal(isProviderConfigured(tutorConfig(), true, {}), true);
    assert.equal(isProviderConfigured(tutorConfig(), false, { OPENAI_API_KEY: 'sk-test-123' }), true);
    assert.equal(isProviderConfigured(tutorConfig(), false, { OPENAI_API_KEY: '  ' }), false);
    await tutorConfig().update('provider', 'openai', vscode.ConfigurationTarget.Global);
    assert.equal(isProviderConfigured(tutorConfig(), false, {}), true, 'explicitly choosing the default counts');
  });

  it('offers Ollama with its model count and, on "Use Ollama", writes provider and first model to user settings', async () => {
    const ask = answering('Use Ollama');
    const chosen = await offerLocalProvider([ollama], tutorConfig(), ask);
    assert.equal(chosen, ollama);
    assert.deepEqual(ask.asked, [['Tutor found Ollama running with 2 models. Use it?', 'Use Ollama', 'Not now']]);
    assert.equal(tutorConfig().inspect('provider')?.globalValue, 'ollama');
    assert.equal(tutorConfig().inspect('model')?.globalValue, 'llama3.2:latest');
  });

  it('changes nothing on "Not now", and offers nothing when no server has a model', async () => {
    assert.equal(await offerLocalProvider([ollama], tutorConfig(), answering('Not now')), undefined);
    assert.equal(tutorConfig().inspect('provider')?.globalValue, undefined);
    const ask = answering('Use Ollama');
    assert.equal(await offerLocalProvider([{ ...ollama, models: [] }], tutorConfig(), ask), undefined);
    assert.deepEqual(ask.asked, []);
  });

  it('asks once: a declined offer is remembered, and a configured provider skips the probe', async () => {
    const state = new MemoryMemento();
    let probes = 0;
    const detect = () => { probes++; return Promise.resolve([ollama]); };
    const declined = answering(undefined);
    assert.equal(await offerLocalProviderOnce({ config: tutorConfig(), hasKey: false, state, detect, ask: declined, env: {} }), undefined);
    assert.equal(await offerLocalProviderOnce({ config: tutorConfig(), hasKey: false, state, detect, ask: declined, env: {} }), undefined);
    assert.equal(declined.asked.length, 1);
    assert.equal(await offerLocalProviderOnce({ config: tutorConfig(), hasKey: true, state: new MemoryMemento(), detect, ask: declined, env: {} }), undefined);
    assert.equal(probes, 1);
  });
});

describe('model picker', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeQuickOpen'));

  /** Presses Enter in the quick pick until `picked` settles (the picker shows asynchronously). */
  async function acceptUntilSettled<T>(picked: Promise<T>): Promise<T> {
    let settled = false;
    void picked.finally(() => { settled = true; });
    await waitFor('the picker to accept', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((r) => setTimeout(r, 100));
      return settled;
    });
    return picked;
  }

  it('lists the models with the current one active, and returns the accepted one', async () => {
    let listed = false;
    const picked = pickModel(async () => { listed = true; return ['zeta', 'qwen2.5-math:7b', 'alpha']; }, 'qwen2.5-math:7b');
    await waitFor('the listing', () => listed);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await acceptUntilSettled(picked), 'qwen2.5-math:7b');
  });

  it('aborts the listing when dismissed, and resolves undefined', async () => {
    let listingSignal: AbortSignal | undefined;
    const picked = pickModel((signal) => {
      listingSignal = signal;
      return new Promise(() => { /* a server that never answers */ });
    }, 'gpt-4o-mini');
    await waitFor('the listing', () => listingSignal !== undefined);
    let settled = false;
    void picked.finally(() => { settled = true; });
    await waitFor('the picker to close', async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await new Promise((r) => setTimeout(r, 100));
      return settled;
    });
    assert.equal(await picked, undefined);
    assert.equal(listingSignal?.aborted, true);
  });

  it('stays usable when listing fails: the current model can still be picked', async () => {
    const picked = pickModel(() => Promise.reject(new Error('Could not reach the model server: connect ECONNREFUSED')), 'llama3.2');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await acceptUntilSettled(picked), 'llama3.2');
  });
});
