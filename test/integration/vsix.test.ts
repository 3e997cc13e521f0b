import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { listVsixEntries } from '../harness/vsixEntries';
import { EXTENSION_ID, note } from './util';

describe('packaged VSIX', () => {
  it('ships only what runs', async () => {
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const vsix = path.join(root, 'tutor.vsix');
    assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package first`);
    const files = (await listVsixEntries(vsix)).filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
    for (const needed of ['package.json', 'readme.md', 'LICENSE.txt', 'dist/extension.js', 'dist/runtime.js', 'dist/tutor-assistants.js', 'dist/verifyMath.js', 'dist/codeInterpreterWorker.js', 'dist/pyodide/pyodide.asm.wasm', 'dist/webview.js', 'dist/sql-wasm.wasm', 'dist/katex/katex.min.css', 'media/chat.css', 'media/tutor.svg']) {
      assert.ok(files.includes(needed), `${needed} is not in the VSIX (has: ${files.join(', ')})`);
    }
    const unwanted = files.filter((f) => /^(src|test|out|node_modules|samples|scripts|\.ci|\.vscode-test)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
    assert.deepEqual(unwanted, []);
    note(`VSIX holds ${files.length} files`);
  });
});
