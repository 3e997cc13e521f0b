import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KnowledgeReport } from '../../src/extension/knowledge/knowledge';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { tutor, useProvider, workspaceFolder } from './util';

const FOLDER = 'lm-tools-test';
const NOTES = '# Completing the square\n\nTo solve x^2 + 6x + 5 = 0, write it as (x + 3)^2 = 4, so x + 3 = ±2.\n';

/** Calls a tool the way any extension does, outside a chat request (no invocation token). */
async function invoke(name: string, input: object): Promise<{ text: string; parts: unknown[] }> {
  const source = new vscode.CancellationTokenSource();
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, source.token);
  const text = result.content.filter((p): p is vscode.LanguageModelTextPart => p instanceof vscode.LanguageModelTextPart).map((p) => p.value).join('');
  return { text, parts: result.content };
}

describe("Tutor's language-model tools through vscode.lm (extension host)", function () {
  this.timeout(120_000);
  let fake: FakeModel;
  let folder: ReturnType<typeof workspaceFolder>;

  before(async () => {
    fake = await startFakeModel();
    await useProvider({ provider: 'custom', providerUrl: fake.url });
    await tutor();
    folder = workspaceFolder(FOLDER, { 'square.md': NOTES });
  });
  after(async () => {
    folder?.remove();
    await fake.close();
  });

  it('lists the three tools with their schemas for every participant and agent', () => {
    const mine = vscode.lm.tools.filter((t) => t.name.startsWith('tutor_'));
    assert.deepEqual(mine.map((t) => t.name).sort(), ['tutor_run_python', 'tutor_search_knowledge', 'tutor_verify_math']);
    for (const tool of mine) {
      assert.ok(tool.description.length > 80, `${tool.name} has a description a model can act on`);
      assert.equal((tool.inputSchema as { type?: string }).type, 'object');
    }
  });

  it('verify_math: the CAS settles a claim, and bad input says what to send', async () => {
    const right = await invoke('tutor_verify_math', { kind: 'equivalent', left: '(x+3)^2 - 4', right: 'x^2 + 6x + 5' });
    assert.match(right.text, /^Verified: the two sides are equivalent/);
    const wrong = await invoke('tutor_verify_math', { kind: 'solves', equation: 'x^2 + 6x + 5 = 0', value: '1' });
    assert.match(wrong.text, /does not solve/);
    const bad = await invoke('tutor_verify_math', { kind: 'solves' });
    assert.match(bad.text, /'equation' is missing/);
  });

  it("run_python: runs in Tutor's sandbox, keeps variables, and returns a saved image as data", async () => {
    const first = await invoke('tutor_run_python', { code: 'roots = [r for r in range(-10, 11) if r*r + 6*r + 5 == 0]\nprint(roots)' });
    assert.equal(first.text.trim(), '[-5, -1]');
    const second = await invoke('tutor_run_python', { code: "import base64\nopen('/mnt/data/dot.png','wb').write(base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='))\nlen(roots)" });
    assert.match(second.text, /^2\nImages: dot\.png/);
    const data = second.parts.find((p) => (p as { mimeType?: string }).mimeType === 'image/png') as { data: Uint8Array } | undefined;
    assert.ok(data, 'the image came back as a data part');
    assert.deepEqual([...data.data.subarray(1, 4)], [...Buffer.from('PNG')]);
    const failed = await invoke('tutor_run_python', { code: "open('/etc/passwd').read()" });
    assert.match(failed.text, /Error/, 'the sandbox has no files of the user');
  });

  it('search_knowledge: finds the passage in the workspace Knowledge with its workspace path', async () => {
    const report = await vscode.commands.executeCommand<KnowledgeReport>('tutor.addFilesToKnowledge', { glob: `${FOLDER}/**` });
    assert.deepEqual(report.indexed, [`${FOLDER}/square.md`]);
    const found = await invoke('tutor_search_knowledge', { query: 'completing the square', max_results: 3 });
    assert.match(found.text, new RegExp(`^\\[1\\] ${FOLDER}/square\\.md \\(score \\d\\.\\d\\d\\)\\n.*Completing the square`, 's'));
    const empty = await invoke('tutor_search_knowledge', { query: '' });
    assert.match(empty.text, /'query' is empty/);
  });
});
