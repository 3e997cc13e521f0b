import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ToolCallView } from '../../src/common/protocol';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { idle, note, tutor, useProvider, waitFor } from './util';

/** The tool messages the runtime sent the model in its last request, by call id. */
function toolResults(fake: FakeModel): Map<string, string> {
  const messages = fake.requests.at(-1)!.body.messages as { role: string; tool_call_id?: string; content: string }[];
  return new Map(messages.filter((m) => m.role === 'tool').map((m) => [m.tool_call_id!, m.content]));
}

/** Every tool call the current thread's view holds. */
async function viewCalls(): Promise<ToolCallView[]> {
  return (await tutor()).controller.toolCalls;
}

describe('workspace functions (extension host, scripted model)', function () {
  this.timeout(90_000);
  let fake: FakeModel;
  const workspace = process.env.TUTOR_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders![0]!.uri.fsPath;

  before(async () => {
    fake = await startFakeModel();
    await useProvider({ provider: 'custom', providerUrl: fake.url });
    await (await tutor()).apiKeys.clear();
    // A secret git ignores, and a symlink that leads out of the workspace.
    appendFileSync(path.join(workspace, '.gitignore'), '\nprivate/\n');
    mkdirSync(path.join(workspace, 'private'), { recursive: true });
    writeFileSync(path.join(workspace, 'private', 'answers.md'), 'x = 1 (do not show)');
    const outside = mkdtempSync(path.join(tmpdir(), 'tutor-outside-'));
    writeFileSync(path.join(outside, 'leak.txt'), 'outside the workspace');
    symlinkSync(outside, path.join(workspace, 'linked'));
  });
  after(async () => {
    await fake.close();
  });

  it('reads a workspace file for the model and continues the run with it, showing the call with its duration', async () => {
    const api = await tutor();
    await api.controller.newThread();
    fake.script({ toolCalls: [{ id: 'call_read', name: 'read_workspace_file', arguments: ['{"path":', '"algebra.md"}'] }] }, { text: ['Your notes isolate $x$ first.'] });
    await vscode.commands.executeCommand('tutor.ask', 'What do my algebra notes say?');
    await idle();
    const result = toolResults(fake).get('call_read')!;
    assert.match(result, /^algebra\.md \(lines 1–\d+ of \d+\):/);
    assert.ok(result.includes((await vscode.workspace.fs.readFile(vscode.Uri.file(path.join(workspace, 'algebra.md')))).toString().split('\n')[0]!));
    const call = (await viewCalls()).find((c) => c.id === 'call_read')!;
    assert.equal(call.name, 'read_workspace_file');
    assert.equal(call.status, 'done');
    assert.equal(call.arguments, '{"path":"algebra.md"}');
    assert.equal(typeof call.durationMs, 'number');
    assert.equal(api.controller.view.messages.at(-1)!.text, 'Your notes isolate $x$ first.');
  });

  it('refuses paths outside the workspace or ignored by git, with a reason the model reads', async () => {
    const api = await tutor();
    await api.controller.newThread();
    const attempts = { up: '../../etc/passwd', absolute: '/etc/passwd', link: 'linked/leak.txt', ignored: 'private/answers.md', drive: 'C:\\\\Windows\\\\win.ini' };
    fake.script(
      { toolCalls: Object.entries(attempts).map(([id, p]) => ({ id: `call_${id}`, name: 'read_workspace_file', arguments: JSON.stringify({ path: p }) })) },
      { text: ['I cannot read those.'] },
    );
    await vscode.commands.executeCommand('tutor.ask', 'Read some files outside my project.');
    await idle();
    const results = toolResults(fake);
    for (const id of Object.keys(attempts)) {
      const output = results.get(`call_${id}`)!;
      assert.match(output, /^Refused/, `${id}: ${output}`);
      assert.ok(!output.includes('outside the workspace\n') && !output.includes('do not show') && !output.includes('root:'), `${id} leaked: ${output}`);
    }
    note(`refused: ${Object.values(attempts).join(', ')}`);
  });

  it('asks before inserting into the editor: approved inserts, denied leaves the file alone and tells the model', async () => {
    const api = await tutor();
    const document = await vscode.workspace.openTextDocument({ content: 'answer: ', language: 'markdown' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 8, 0, 8);

    for (const decision of ['approve', 'deny'] as const) {
      await api.controller.newThread();
      const id = `call_insert_${decision}`;
      fake.script({ toolCalls: [{ id, name: 'insert_into_editor', arguments: JSON.stringify({ text: 'x = 1' }) }] }, { text: ['Done.'] });
      await vscode.commands.executeCommand('tutor.ask', 'Put the answer in my file.');
      await waitFor('the approval card', async () => (await viewCalls()).some((c) => c.id === id && c.approval?.state === 'pending'));
      const pending = (await viewCalls()).find((c) => c.id === id)!;
      assert.equal(pending.approval!.preview, 'x = 1');
      // What the webview's Approve / Deny buttons send.
      assert.deepEqual(await api.controller.handlers['chat/approve']({ callId: id, decision }), { done: true });
      await idle();
      const output = toolResults(fake).get(id)!;
      const shown = (await viewCalls()).find((c) => c.id === id)!;
      if (decision === 'approve') {
        assert.equal(document.getText(), 'answer: x = 1');
        assert.match(output, /^Inserted 5 characters/);
        assert.equal(shown.approval!.state, 'approved');
      } else {
        assert.equal(document.getText(), 'answer: x = 1', 'a denied insert must not change the file');
        assert.match(output, /refused/i);
        assert.equal(shown.approval!.state, 'denied');
      }
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('lists nothing through a symbolically linked folder that leads out of the workspace', async () => {
    const api = await tutor();
    await api.controller.newThread();
    fake.script(
      { toolCalls: [{ id: 'call_all', name: 'list_workspace_files', arguments: '{"glob":"**/*"}' }, { id: 'call_leak', name: 'list_workspace_files', arguments: '{"glob":"**/leak.txt"}' }] },
      { text: ['Here are your files.'] },
    );
    await vscode.commands.executeCommand('tutor.ask', 'Which files do I have?');
    await idle();
    const all = toolResults(fake).get('call_all')!.split('\n');
    assert.ok(all.includes('algebra.md') && all.includes('linked'), `the workspace's own names, the link included: ${all.join(', ')}`);
    assert.ok(!all.some((p) => p.startsWith('linked/')), `nothing through the link: ${all.join(', ')}`);
    assert.match(toolResults(fake).get('call_leak')!, /^No files match \*\*\/leak\.txt/);
  });

  it('neither lists nor reads files excluded by .git/info/exclude or the global excludes file, without git and with it', async () => {
    const api = await tutor();
    // The user's global excludes file, as git finds it: core.excludesFile in the global config.
    const config = mkdtempSync(path.join(tmpdir(), 'tutor-gitconfig-'));
    writeFileSync(path.join(config, 'ignore'), '*.solution.md\n');
    writeFileSync(path.join(config, 'gitconfig'), `[core]\n\texcludesFile = ${path.join(config, 'ignore')}\n[user]\n\tname = Tutor test\n\temail = test@example.invalid\n`);
    const savedGlobal = process.env.GIT_CONFIG_GLOBAL;
    process.env.GIT_CONFIG_GLOBAL = path.join(config, 'gitconfig');
    mkdirSync(path.join(workspace, '.git', 'info'), { recursive: true });
    writeFileSync(path.join(workspace, '.git', 'info', 'exclude'), 'local-answers.md\n');
    writeFileSync(path.join(workspace, 'local-answers.md'), 'x = 7 (excluded locally)');
    writeFileSync(path.join(workspace, 'week1.solution.md'), 'x = 9 (excluded globally)');
    writeFileSync(path.join(workspace, 'shared.solution.md'), 'x = 11 (tracked, so git does not ignore it)');
    const ask = async (round: string) => {
      await api.controller.newThread();
      const read = (id: string, file: string) => ({ id: `call_${round}_${id}`, name: 'read_workspace_file', arguments: JSON.stringify({ path: file }) });
      fake.script(
        { toolCalls: [{ id: `call_${round}_list`, name: 'list_workspace_files', arguments: '{"glob":"**/*.md"}' }, read('local', 'local-answers.md'), read('global', 'week1.solution.md'), read('shared', 'shared.solution.md')] },
        { text: ['Noted.'] },
      );
      await vscode.commands.executeCommand('tutor.ask', 'List and read my notes.');
      await idle();
      const results = toolResults(fake);
      const listing = results.get(`call_${round}_list`)!.split('\n');
      assert.ok(listing.includes('algebra.md'), `${round}: ${listing.join(', ')}`);
      for (const hidden of ['local-answers.md', 'week1.solution.md']) assert.ok(!listing.includes(hidden), `${round}: ${hidden} listed`);
      for (const id of ['local', 'global']) {
        const output = results.get(`call_${round}_${id}`)!;
        assert.match(output, /^Refused: .* is ignored by git/, `${round} ${id}: ${output}`);
        assert.ok(!output.includes('x = '), `${round} ${id} leaked: ${output}`);
      }
      return { listing, shared: results.get(`call_${round}_shared`)! };
    };
    try {
      // Not a repository yet: Tutor reads the ignore files itself (also what happens without git).
      const rules = await ask('files');
      assert.match(rules.shared, /^Refused/, 'the excludes pattern matches it');
      // A repository with the file tracked: git answers, and git never ignores a tracked file.
      execFileSync('git', ['init', '-q'], { cwd: workspace });
      execFileSync('git', ['add', '-f', 'shared.solution.md'], { cwd: workspace });
      const git = await ask('git');
      assert.match(git.shared, /^shared\.solution\.md \(lines 1–1 of 1\):\nx = 11/);
      assert.ok(git.listing.includes('shared.solution.md'), 'listed as it is read');
      note('refused without git and with git: .git/info/exclude, core.excludesFile');
    } finally {
      if (savedGlobal === undefined) delete process.env.GIT_CONFIG_GLOBAL;
      else process.env.GIT_CONFIG_GLOBAL = savedGlobal;
      // The suites after this one expect a plain folder.
      rmSync(path.join(workspace, '.git'), { recursive: true, force: true });
    }
  });

  it('names the target file and place in the approval, and inserts exactly there even if another editor is active by then', async () => {
    const api = await tutor();
    const file = path.join(workspace, 'answer.md');
    writeFileSync(file, 'x = \nnext line\n');
    const target = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const other = await vscode.workspace.openTextDocument({ content: 'scratch', language: 'markdown' });
    const run = async (id: string, meanwhile: () => Thenable<unknown>) => {
      await api.controller.newThread();
      (await vscode.window.showTextDocument(target)).selection = new vscode.Selection(0, 4, 0, 4);
      fake.script({ toolCalls: [{ id, name: 'insert_into_editor', arguments: JSON.stringify({ text: '1' }) }] }, { text: ['Done.'] });
      await vscode.commands.executeCommand('tutor.ask', 'Put the answer after x =.');
      await waitFor('the approval card', async () => (await viewCalls()).some((c) => c.id === id && c.approval?.state === 'pending'));
      const pending = (await viewCalls()).find((c) => c.id === id)!;
      assert.equal(pending.approval!.target, 'Inserts at line 1, column 5 of answer.md.');
      assert.equal(pending.approval!.preview, '1');
      await meanwhile();
      assert.deepEqual(await api.controller.handlers['chat/approve']({ callId: id, decision: 'approve' }), { done: true });
      await idle();
      return toolResults(fake).get(id)!;
    };

    // The student clicks into another editor before approving: the text still goes where the card said.
    const moved = await run('call_insert_fixed', () => vscode.window.showTextDocument(other));
    assert.equal(vscode.window.activeTextEditor?.document, other, 'the other editor was active at approval');
    assert.equal(moved, 'Inserted 1 characters into answer.md at line 1, column 5.');
    assert.equal(target.getText(), 'x = 1\nnext line\n');
    assert.equal(other.getText(), 'scratch');

    // The text before the approved place changes meanwhile: refused, nothing inserted elsewhere.
    const edit = new vscode.WorkspaceEdit();
    const changed = await run('call_insert_stale', () => {
      edit.insert(target.uri, new vscode.Position(0, 0), '# ');
      return vscode.workspace.applyEdit(edit);
    });
    assert.match(changed, /^Nothing was inserted: answer\.md changed at or before the approved place/);
    assert.equal(target.getText(), '# x = 1\nnext line\n');
    await target.save();
    assert.equal(readFileSync(file, 'utf8'), '# x = 1\nnext line\n');

    for (const document of [other, target]) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('refuses to insert into a file outside the workspace, without asking, and tells the model', async () => {
    const api = await tutor();
    await api.controller.newThread();
    const outsideFile = path.join(mkdtempSync(path.join(tmpdir(), 'tutor-outside-')), 'elsewhere.md');
    writeFileSync(outsideFile, 'untouched');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(outsideFile)));
    fake.script({ toolCalls: [{ id: 'call_insert_out', name: 'insert_into_editor', arguments: JSON.stringify({ text: 'x = 1' }) }] }, { text: ['I could not.'] });
    await vscode.commands.executeCommand('tutor.ask', 'Put the answer in my file.');
    await idle();
    assert.match(toolResults(fake).get('call_insert_out')!, /^Refused: the student's editor shows a document outside the workspace, so nothing was inserted/);
    assert.equal((await viewCalls()).find((c) => c.id === 'call_insert_out')!.approval, undefined, 'no approval card');
    assert.equal(vscode.window.activeTextEditor!.document.getText(), 'untouched');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('verifies the answer with verify_math and marks the call verified', async () => {
    const api = await tutor();
    await api.controller.newThread();
    fake.script(
      { toolCalls: [{ id: 'call_check', name: 'verify_math', arguments: JSON.stringify({ kind: 'solves', equation: '3x + 11 = 14', variable: 'x', value: '1' }) }] },
      { toolCalls: [{ id: 'call_wrong', name: 'verify_math', arguments: JSON.stringify({ kind: 'solves', equation: '3x + 11 = 14', variable: 'x', value: '2' }) }] },
      { text: ['$x = 1$ checks out.'] },
    );
    await vscode.commands.executeCommand('tutor.ask', 'Is x = 1 right for 3x + 11 = 14?');
    await idle();
    const right = JSON.parse(toolResults(fake).get('call_check')!) as { verdict: string };
    const wrong = JSON.parse(toolResults(fake).get('call_wrong')!) as { verdict: string };
    assert.equal(right.verdict, 'solves');
    assert.equal(wrong.verdict, 'does_not_solve');
    const calls = await viewCalls();
    assert.equal(calls.find((c) => c.id === 'call_check')!.verified, true);
    assert.equal(calls.find((c) => c.id === 'call_wrong')!.verified, false);
  });

  it('brings every card back when the conversation is opened again: code, logs, image, verdicts', async () => {
    const api = await tutor();
    await api.controller.newThread();
    // Python that writes a 2×1 PNG with the standard library, then prints the solution.
    const code = [
      'import struct, zlib',
      'def chunk(kind, data):',
      '    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)',
      'png = b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"\\x00" + b"\\x00\\x80\\xff" * 2)) + chunk(b"IEND", b"")',
      'open("/mnt/data/line.png", "wb").write(png)',
      'print("x =", (14 - 11) / 3)',
    ].join('\n');
    fake.script(
      { toolCalls: [{ id: 'call_py', name: 'python', arguments: JSON.stringify({ code }) }] },
      { toolCalls: [{ id: 'call_ok', name: 'verify_math', arguments: JSON.stringify({ kind: 'solves', equation: '3x + 11 = 14', variable: 'x', value: '1' }) }] },
      { text: ['So $x = 1$.'] },
    );
    await vscode.commands.executeCommand('tutor.ask', 'Solve 3x + 11 = 14 with Python, then check it.');
    await idle(120_000);
    // Text first, then a call in the same model turn: the card sits on that text's answer.
    fake.script({ text: 'Subtract 11 first. Checking x = 2:', toolCalls: [{ id: 'call_no', name: 'verify_math', arguments: JSON.stringify({ kind: 'solves', equation: '3x + 11 = 14', variable: 'x', value: '2' }) }] }, { text: ['Not 2.'] });
    await vscode.commands.executeCommand('tutor.ask', 'Why? And is x = 2 right?');
    await idle();
    const threadId = api.threads.current()!.id;
    // What the live run showed, per answer (durations are timed live and not stored).
    const cards = () => api.controller.view.messages.filter((m) => m.role === 'assistant').map((m) => (m.toolCalls ?? []).map(({ durationMs: _, ...card }) => card));
    const live = cards();
    assert.deepEqual(live.map((calls) => calls.map((c) => c.id)), [['call_py', 'call_ok'], ['call_no'], []], 'where the live view put each card');

    await api.controller.newThread();
    await vscode.commands.executeCommand('tutor.switchThread', threadId);
    const reopened = cards();
    assert.deepEqual(reopened, live, 'the reopened thread shows the same cards');
    const [python, ok] = reopened[0]!;
    assert.match(python!.logs ?? '', /x = 1\.0/);
    assert.match(python!.arguments, /line\.png/);
    assert.match(python!.images?.[0]?.src ?? '', /^data:image\/png;base64,iVBORw0KGgo/);
    assert.equal(ok!.verified, true);
    assert.equal(reopened[1]![0]!.verified, false);
    note(`restored ${reopened.flat().length} cards over ${reopened.length} answers`);
  });
});

