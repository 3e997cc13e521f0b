import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './util';

describe('manifest', () => {
  it('offers Send Selection in the editor context menu only with a selection, with a keybinding', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const menu = pkg.contributes.menus['editor/context'] as { command: string; when: string }[];
    assert.deepEqual(menu.find((m) => m.command === 'tutor.sendSelection')?.when, 'editorHasSelection');
    const keys = pkg.contributes.keybindings as { command: string; key: string }[];
    assert.ok(keys.some((k) => k.command === 'tutor.sendSelection' && k.key));
  });

  it('contributes every command id later features rely on', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const ids = (pkg.contributes.commands as { command: string }[]).map((c) => c.command);
    for (const id of ['tutor.ask', 'tutor.sendSelection', 'tutor.newThread', 'tutor.switchThread', 'tutor.cancel', 'tutor.setApiKey', 'tutor.exportThread', 'tutor.importThread', 'tutor.selectModel']) {
      assert.ok(ids.includes(id), id);
    }
  });

  it('offers Import Conversation in the palette, and Import into Tutor on Markdown files in the Explorer', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const commands = pkg.contributes.commands as { command: string; title: string; category?: string }[];
    const palette = commands.find((c) => c.command === 'tutor.importThread')!;
    assert.equal(`${palette.category}: ${palette.title}`, 'Tutor: Import Conversation from Markdown…');
    assert.equal(commands.find((c) => c.command === 'tutor.importThreadFile')?.title, 'Import into Tutor');
    const explorer = (pkg.contributes.menus['explorer/context'] as { command: string; when: string }[]).find((m) => m.command === 'tutor.importThreadFile');
    assert.match(explorer?.when ?? '', /resourceLangId == markdown/);
  });
});
