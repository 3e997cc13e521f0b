import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { note, sidebar, tutor, waitFor } from './util';

describe('chat view', () => {
  it('resolves and answers a protocol ping from the host', async () => {
    const started = Date.now();
    const host = await sidebar();
    note(`view ready ${Date.now() - started} ms after focus`);
    const nonce = randomUUID();
    const reply = await host.request('view/ping', { nonce });
    assert.deepEqual(reply, { ok: true, value: { nonce, composerPresent: true } });
  });

  it('a hidden view fails requests at once with a clear message, and answers again when shown', async () => {
    const api = await tutor();
    const host = await sidebar();
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await waitFor('the hidden view to stop counting as ready', () => !host.isReady || api.views.sidebarHost !== host);
    const reply = await host.request('view/ping', { nonce: 'x' });
    assert.deepEqual(reply, { ok: false, error: 'The Tutor view is not open' });
    const again = await sidebar();
    assert.equal((await again.request('view/ping', { nonce: 'y' })).ok, true);
  });
});
