import * as assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, tutor, waitFor } from './util';

async function snapshot() {
  const api = await tutor();
  const reply = await api.chat.request('view/snapshot', {});
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

describe('commands', () => {
  it('tutor.sendSelection puts the selection, with file, language and lines, into the composer', async () => {
    const api = await tutor();
    const file = path.join(process.env.TUTOR_TEST_WORKSPACE!, 'primes.py');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    editor.selection = new vscode.Selection(4, 0, 6, 0); // lines 5–6: ending at column 0 of line 7 leaves line 7 out
    await vscode.commands.executeCommand('tutor.sendSelection');
    await waitFor('the view to be ready', () => api.chat.isReady);
    await waitFor('the draft to arrive', async () => (await snapshot()).draft.includes('range(2, n // 2)'));
    const { draft } = await snapshot();
    assert.match(draft, /^From `primes\.py`, lines 5–6 \(python\):/);
    assert.ok(draft.includes('```python\n    for d in range(2, n // 2):\n        if n % d == 0:\n```'), draft);
  });

  it('tutor.ask with a question shows it in the transcript with an honest notice', async () => {
    const question = `What is the derivative of x^2? ${Date.now()}`;
    await vscode.commands.executeCommand('tutor.ask', question);
    await waitFor('the question to show', async () => (await snapshot()).entries.some((e) => e.text === question));
    const { entries } = await snapshot();
    const at = entries.findIndex((e) => e.text === question);
    assert.equal(entries[at]!.kind, 'user');
    assert.equal(entries[at + 1]?.kind, 'notice');
  });

  it('offers Send Selection in the editor context menu only with a selection, with a keybinding', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const menu = pkg.contributes.menus['editor/context'] as { command: string; when: string }[];
    assert.deepEqual(menu.find((m) => m.command === 'tutor.sendSelection')?.when, 'editorHasSelection');
    const keys = pkg.contributes.keybindings as { command: string; key: string }[];
    assert.ok(keys.some((k) => k.command === 'tutor.sendSelection' && k.key));
  });
});
