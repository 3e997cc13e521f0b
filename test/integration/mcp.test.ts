import * as assert from 'node:assert/strict';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as vscode from 'vscode';
import { mcpServerDefinition } from '../../src/extension/mcp';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { EXTENSION_ID, note, tutor, useProvider, waitFor, workspaceFolder } from './util';

// Tutor's MCP server as VS Code would start it: the definition built from the installed
// extension's Knowledge (the function its provider answers with), and its command and arguments
// started from this extension host and driven by the MCP SDK's client.
const FOLDER = 'mcp-test';
const NOTE = '# Green\'s theorem\n\nThe circulation of a field around a closed curve equals the double integral of its curl over the region inside.\n';

const textOf = (result: unknown) => (result as CallToolResult).content.filter((c) => c.type === 'text').map((c) => (c as { text: string }).text).join('\n');

describe('MCP: the server Tutor contributes to VS Code', function () {
  this.timeout(120_000);
  let fake: FakeModel;
  let folder: ReturnType<typeof workspaceFolder>;

  before(async () => {
    fake = await startFakeModel();
    await useProvider({ provider: 'custom', providerUrl: fake.url });
    folder = workspaceFolder(FOLDER, { 'greens-theorem.md': NOTE });
  });
  after(async () => {
    folder?.remove();
    await fake.close();
  });

  it('is contributed as an MCP server definition provider', () => {
    const contributed = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.mcpServerDefinitionProviders as { id: string; label: string }[];
    assert.deepEqual(contributed, [{ id: 'tutor.mcp', label: 'Tutor' }]);
  });

  it('follows the Knowledge: the added file becomes a --knowledge argument, and the change is announced', async () => {
    const api = await tutor();
    const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    const before = mcpServerDefinition({ extensionUri, version: '0', knowledge: api.knowledge });
    let changes = 0;
    const listener = api.knowledge.onDidChangeFiles(() => changes++);
    try {
      await vscode.commands.executeCommand('tutor.addFilesToKnowledge', { glob: `${FOLDER}/**` });
      await waitFor('the Knowledge change event', () => changes > 0);
    } finally {
      listener.dispose();
    }
    const after = mcpServerDefinition({ extensionUri, version: '0', knowledge: api.knowledge });
    const file = path.join(folder.root, 'greens-theorem.md');
    assert.ok(!before.args.includes(file));
    assert.deepEqual(after.args.slice(0, 2), [path.join(extensionUri.fsPath, 'dist', 'tutor-assistants.js'), 'mcp']);
    assert.equal(after.args[after.args.indexOf(file) - 1], '--knowledge');
    assert.notEqual(after.version, before.version, 'the version carries the file list, so VS Code sees the server changed');
    assert.equal(after.command, process.execPath);
    assert.equal(after.env.ELECTRON_RUN_AS_NODE, '1');
  });

  it('starts from the packaged extension and serves the three tools to an MCP client', async () => {
    const api = await tutor();
    const definition = mcpServerDefinition({ extensionUri: vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, version: '0', knowledge: api.knowledge });
    const env = { ...process.env, ...definition.env } as Record<string, string>;
    const transport = new StdioClientTransport({ command: definition.command, args: definition.args, env, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: 'tutor-integration', version: '1.0.0' });
    const started = Date.now();
    await client.connect(transport);
    note(`MCP server answered initialize in ${Date.now() - started} ms`);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), ['verify_math', 'run_python', 'search_knowledge']);
      const found = await client.callTool({ name: 'search_knowledge', arguments: { query: 'circulation around a closed curve curl' } });
      assert.equal(found.isError, false, `${textOf(found)}\n${stderr}`);
      assert.match(textOf(found), /^\[1\] greens-theorem\.md .*\n# Green's theorem/);
      const python = await client.callTool({ name: 'run_python', arguments: { code: 'print(sum(range(101)))' } });
      assert.equal(textOf(python).trim(), '5050', stderr);
      const math = await client.callTool({ name: 'verify_math', arguments: { kind: 'equivalent', left: '2(x+3)', right: '2x+6' } });
      assert.match(textOf(math), /^Verified/);
    } finally {
      await client.close();
    }
  });
});
