import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { note, tutor, waitFor } from './util';

describe('chat view', () => {
  it('resolves and answers a protocol ping from the host', async () => {
    const api = await tutor();
    const started = Date.now();
    await vscode.commands.executeCommand('tutor.chat.focus');
    await waitFor('the chat webview to report ready', () => api.chat.isReady);
    note(`view ready ${Date.now() - started} ms after focus`);
    const nonce = randomUUID();
    const reply = await api.chat.request('view/ping', { nonce });
    assert.deepEqual(reply, { ok: true, value: { nonce, composerPresent: true } });
  });

  it('a hidden view fails requests at once with a clear message, and answers again when shown', async () => {
    const api = await tutor();
    await vscode.commands.executeCommand('tutor.chat.focus');
    await waitFor('ready', () => api.chat.isReady);
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await waitFor('the hidden view to stop counting as ready', () => !api.chat.isReady);
    const reply = await api.chat.request('view/ping', { nonce: 'x' });
    assert.deepEqual(reply, { ok: false, error: 'The Tutor view is not open' });
    await vscode.commands.executeCommand('tutor.chat.focus');
    await waitFor('ready again', () => api.chat.isReady);
  });
});
