import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { tutor } from './util';

describe('tutor.setApiKey', () => {
  const key = 'sk-test-Integration-0123456789';

  afterEach(async () => vscode.commands.executeCommand('tutor.setApiKey', ''));

  it('round-trips the key through SecretStorage', async () => {
    const api = await tutor();
    await vscode.commands.executeCommand('tutor.setApiKey', key);
    assert.equal(await api.apiKeys.get(), key);
    await vscode.commands.executeCommand('tutor.setApiKey', '');
    assert.equal(await api.apiKeys.get(), undefined);
  });

  it('never writes the key into settings', async () => {
    await tutor();
    await vscode.commands.executeCommand('tutor.setApiKey', key);
    const config = vscode.workspace.getConfiguration('tutor');
    const everything = JSON.stringify(['provider', 'providerUrl', 'model', 'mode', 'server.url'].map((k) => config.inspect(k)));
    assert.ok(!everything.includes(key), 'the key showed up in a setting');
  });

  it('rejects a malformed key and keeps the stored one', async () => {
    const api = await tutor();
    await vscode.commands.executeCommand('tutor.setApiKey', key);
    await vscode.commands.executeCommand('tutor.setApiKey', 'two words');
    assert.equal(await api.apiKeys.get(), key);
  });
});
