import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { ChatController } from '../../src/extension/chat/chatController';
import { EmbeddedRuntime } from '../../src/extension/runtimeHost';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { idle, note, sidebar, snapshot, tutor, useProvider, waitFor } from './util';

const QUESTION = 'I need to solve the equation `3x + 11 = 14`. Can you help me?';

describe('asking Tutor (embedded runtime, scripted model)', function () {
  this.timeout(60_000);
  let fake: FakeModel;

  before(async () => {
    fake = await startFakeModel();
    await useProvider({ provider: 'custom', providerUrl: fake.url });
    await (await tutor()).apiKeys.clear();
  });
  after(async () => {
    await fake.close();
  });

  it('asks, streams the answer into the view, and stores it in the workspace thread', async () => {
    const api = await tutor();
    await api.controller.newThread();
    fake.script({ text: ['What have you ', 'tried so far? Hint: isolate ', '$x$', ' first.'] });
    const started = Date.now();
    await vscode.commands.executeCommand('tutor.ask', QUESTION);
    await idle();
    note(`ask → answer complete in ${Date.now() - started} ms`);
    const sent = fake.requests.at(-1)!.body.messages as { role: string; content: string }[];
    assert.equal(sent.at(-1)!.content, QUESTION);
    assert.match(sent[0]!.content, /Mode: tutor \(hints first\)/);
    await waitFor('the answer in the view', async () => (await snapshot()).entries.some((e) => e.kind === 'assistant' && e.text.includes('tried so far')));

    const meta = api.threads.current()!;
    assert.equal(meta.title, 'I need to solve the equation `3x + 11 = 14`. Can you help…'); // first line, cut at 60
    const client = await api.runtime.client();
    const stored = await client.beta.threads.messages.list(meta.id, { order: 'asc' });
    assert.deepEqual(stored.data.map((m) => m.role), ['user', 'assistant']);
    assert.equal(stored.data[1]!.content[0]!.type === 'text' && stored.data[1]!.content[0]!.text.value, 'What have you tried so far? Hint: isolate $x$ first.');
  });

  it('asks in Chinese: the model is told to answer in the student\'s language, and the question and answer are kept whole', async () => {
    const api = await tutor();
    await api.controller.newThread();
    const question = '解方程 $3x + 11 = 14$，我应该先做什么？';
    const answer = ['你已经试过', '什么了？提示：先把 ', '$11$', ' 移到等号右边，得 $3x = 3$。'];
    fake.script({ text: answer });
    await vscode.commands.executeCommand('tutor.ask', question);
    await idle();
    const sent = fake.requests.at(-1)!.body.messages as { role: string; content: string }[];
    assert.equal(sent.at(-1)!.content, question);
    // The assistant's instructions and the run's: the reply follows the student's language, and
    // VS Code's display language decides when the question shows none.
    const instructions = sent.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
    assert.match(instructions, /Answer in the language the student writes in/);
    assert.ok(instructions.includes(`The student's VS Code display language is ${vscode.env.language}`), instructions);
    const meta = api.threads.current()!;
    assert.equal(meta.title, question);
    const stored = await (await api.runtime.client()).beta.threads.messages.list(meta.id, { order: 'asc' });
    assert.deepEqual(stored.data.map((m) => (m.content[0]!.type === 'text' ? m.content[0]!.text.value : '')), [question, answer.join('')]);
  });

  it('keeps one Math Tutor assistant, updated in place when the model changes, and applies the mode per run', async () => {
    const api = await tutor();
    const client = await api.runtime.client();
    const before = (await client.beta.assistants.list()).data.filter((a) => a.name === 'Math Tutor');
    assert.equal(before.length, 1);
    await vscode.workspace.getConfiguration('tutor').update('model', 'fake-model-2', vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('tutor').update('mode', 'solve', vscode.ConfigurationTarget.Global);
    try {
      fake.script({ text: ['3x = 3, so x = 1.'] });
      await vscode.commands.executeCommand('tutor.ask', 'Just solve 3x + 11 = 14.');
      await idle();
      const body = fake.requests.at(-1)!.body;
      assert.equal(body.model, 'fake-model-2');
      assert.match((body.messages as { content: string }[])[0]!.content, /Mode: solve/);
      const after = (await client.beta.assistants.list()).data.filter((a) => a.name === 'Math Tutor');
      assert.deepEqual(after.map((a) => [a.id, a.model]), [[before[0]!.id, 'fake-model-2']]);
    } finally {
      await vscode.workspace.getConfiguration('tutor').update('model', 'fake-model', vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration('tutor').update('mode', 'tutor', vscode.ConfigurationTarget.Global);
    }
  });

  it('talks to a remote Assistants server when tutor.server.url is set (tutor-assistants serve)', async () => {
    const api = await tutor();
    const { spawn } = await import('node:child_process');
    const ext = vscode.extensions.getExtension('tutor-dev.tutor')!;
    const data = mkdtempSync(path.join(tmpdir(), 'tutor-remote-'));
    const envKey = process.env.OPENAI_API_KEY;
    const server = spawn(process.execPath, [path.join(ext.extensionPath, 'dist', 'tutor-assistants.js'), 'serve', '--port', '0', '--data', data, '--provider-url', fake.url, '--token', 'team-token-0123456'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OPENAI_API_KEY: '' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout!.on('data', (d) => {
          out += d;
          const m = /listening on (\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      await useProvider({ provider: 'custom', providerUrl: fake.url, serverUrl: url });
      await api.controller.newThread();

      // A wrong token: the server's 401 is named as such, with the command that sets the token.
      await api.apiKeys.set('not-the-token');
      const refused = await api.controller.send('Remote, wrong token?');
      assert.equal(refused.accepted, false);
      const notice = api.controller.view.notice!;
      assert.match(notice.text, /Tutor server at .* refused the token/);
      assert.match(notice.text, /--token or TUTOR_SERVER_TOKEN/);
      assert.doesNotMatch(notice.text, /no model provider/i);
      assert.equal(notice.action, 'setApiKey');

      // No stored key: OPENAI_API_KEY from the environment is the token, as README says.
      await api.apiKeys.clear();
      process.env.OPENAI_API_KEY = 'team-token-0123456';
      await api.controller.newThread();
      fake.script({ text: ['Served remotely.'] });
      await vscode.commands.executeCommand('tutor.ask', 'Remote?');
      await idle();
      assert.equal(api.controller.view.messages.at(-1)!.text, 'Served remotely.');
      const remote = new (await import('openai')).default({ baseURL: url, apiKey: 'team-token-0123456' });
      const messages = await remote.beta.threads.messages.list(api.threads.current()!.id);
      assert.equal(messages.data.length, 2);

      // The stored key wins over the environment.
      await api.apiKeys.set('team-token-0123456');
      process.env.OPENAI_API_KEY = 'not-the-token';
      fake.script({ text: ['Stored key used.'] });
      await vscode.commands.executeCommand('tutor.ask', 'Remote again?');
      await idle();
      assert.equal(api.controller.view.messages.at(-1)!.text, 'Stored key used.');
    } finally {
      server.kill('SIGTERM');
      if (envKey === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = envKey;
      await api.apiKeys.clear();
      await useProvider({ provider: 'custom', providerUrl: fake.url });
      await api.controller.newThread();
    }
  });

  it('sendSelection sends the selection with its file, language and line range', async () => {
    const api = await tutor();
    const file = path.join(process.env.TUTOR_TEST_WORKSPACE!, 'primes.py');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    editor.selection = new vscode.Selection(4, 0, 6, 0); // lines 5–6: ending at column 0 of line 7 leaves it out
    fake.script({ text: ['Look at the range bound.'] });
    await vscode.commands.executeCommand('tutor.sendSelection', 'bug');
    await idle();
    const user = (fake.requests.at(-1)!.body.messages as { role: string; content: string }[]).at(-1)!.content;
    assert.match(user, /^Is there a bug in this\?/);
    assert.ok(user.includes('From `primes.py`, lines 5–6 (python):\n\n```python\n    for d in range(2, n // 2):\n        if n % d == 0:\n```'), user);
    assert.equal(api.controller.view.messages.at(-1)!.text, 'Look at the range bound.');
  });

  it('stops mid-stream: the run ends cancelled and the model sees its request aborted', async () => {
    const api = await tutor();
    await api.controller.newThread();
    fake.script({ text: Array.from({ length: 300 }, (_, i) => `step ${i}. `), delayMs: 20 });
    const aborted = fake.aborted;
    await vscode.commands.executeCommand('tutor.ask', 'Explain limits very slowly.');
    const streaming = () => api.controller.view.messages.at(-1);
    await waitFor('the answer to start streaming', () => streaming()?.role === 'assistant' && streaming()!.text.length > 20);
    await vscode.commands.executeCommand('tutor.cancel');
    await idle();
    await fake.waitForAbort(5_000, aborted + 1);
    const client = await api.runtime.client();
    const runs = await client.beta.threads.runs.list(api.threads.current()!.id);
    assert.equal(runs.data[0]!.status, 'cancelled');
    assert.equal(streaming()!.role, 'assistant');
    assert.equal(streaming()!.status, 'incomplete');
    assert.ok(!streaming()!.text.includes('step 299'), 'the answer stopped early');
    await waitFor('the stopped notice', async () => (await snapshot()).entries.some((e) => e.kind === 'notice' && /Stopped/.test(e.text)));
  });

  it('switches, exports and deletes threads', async () => {
    const api = await tutor();
    await api.controller.newThread();
    fake.script({ text: ['First: $\\frac{1}{2}$\n\n```python\nprint(1)\n```'] });
    await vscode.commands.executeCommand('tutor.ask', 'Thread one question');
    await idle();
    const first = api.threads.current()!.id;
    await vscode.commands.executeCommand('tutor.newThread');
    fake.script({ text: ['Second.'] });
    await vscode.commands.executeCommand('tutor.ask', 'Thread two question');
    await idle();
    const second = api.threads.current()!.id;
    assert.notEqual(first, second);

    await vscode.commands.executeCommand('tutor.switchThread', first);
    assert.equal(api.controller.view.threadId, first);
    await waitFor('the view to show thread one', async () => (await snapshot()).entries.some((e) => e.text === 'Thread one question'));

    const target = vscode.Uri.file(path.join(mkdtempSync(path.join(tmpdir(), 'tutor-export-')), 'thread.md'));
    await vscode.commands.executeCommand('tutor.exportThread', target);
    const markdown = readFileSync(target.fsPath, 'utf8');
    assert.match(markdown, /^# Thread one question/);
    assert.ok(markdown.includes('## You\n\nThread one question'));
    assert.ok(markdown.includes('## Tutor\n\nFirst: $\\frac{1}{2}$\n\n```python\nprint(1)\n```'));

    // Without a target: an unsaved document named after the conversation in the workspace folder,
    // never the name of a file there or of one already open.
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const untitled = async () => {
      const uri = (await vscode.commands.executeCommand('tutor.exportThread')) as vscode.Uri;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!;
      return { uri, text: doc.getText(), dirty: doc.isDirty };
    };
    const once = await untitled();
    assert.equal(once.uri.scheme, 'untitled');
    assert.equal(once.uri.path, vscode.Uri.joinPath(folder, 'Thread one question.md').path);
    assert.deepEqual({ text: once.text, dirty: once.dirty }, { text: markdown, dirty: true });
    writeFileSync(vscode.Uri.joinPath(folder, 'Thread one question 3.md').fsPath, 'a file of the student');
    assert.equal(path.basename((await untitled()).uri.path), 'Thread one question 2.md', 'the first is still open');
    assert.equal(path.basename((await untitled()).uri.path), 'Thread one question 4.md', 'a file has the third name');
    assert.equal(readFileSync(vscode.Uri.joinPath(folder, 'Thread one question 3.md').fsPath, 'utf8'), 'a file of the student');
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'untitled' && d.isDirty), 'the three exports are closed');
    rmSync(vscode.Uri.joinPath(folder, 'Thread one question 3.md').fsPath);

    await api.controller.deleteThread(second);
    assert.ok(!api.threads.list().some((t) => t.id === second));
    const client = await api.runtime.client();
    await assert.rejects(client.beta.threads.retrieve(second));
  });

  it('keeps threads across a restart: a fresh runtime and controller read the history back', async () => {
    const api = await tutor();
    const id = api.threads.current()!.id;
    const storage = (api.runtime as unknown as { storageDir: string }).storageDir;
    await api.runtime.dispose();
    const reopened = new EmbeddedRuntime(() => import('../../src/runtime/index'), storage, (api.runtime as unknown as { wasmPath: string }).wasmPath, () => ({ streamChat: () => { throw new Error('no model needed'); } }), { info() {}, warn() {}, error() {} });
    const log = vscode.window.createOutputChannel('Tutor test', { log: true });
    const client = await reopened.client();
    const memory = { get: () => undefined, update: async () => {}, keys: () => [] } as unknown as vscode.Memento;
    const controller = new ChatController({ client: async () => ({ client, server: '' }), globalState: memory, threads: api.threads, providerFailure: () => undefined, missingKeyFor: async () => undefined, log, version: 'test', workspaceState: memory, knowledge: { storeId: () => undefined, relativePathOf: () => undefined, openCitation: async () => false }, loadVerifier: async () => (await import('../../src/runtime/tools/verifyMath/verifyMath')).verifyMath });
    try {
      const view = await controller.sync();
      assert.equal(view.threadId, id);
      assert.deepEqual(view.messages.map((m) => m.text), ['Thread one question', 'First: $\\frac{1}{2}$\n\n```python\nprint(1)\n```']);
    } finally {
      controller.dispose();
      log.dispose();
      await reopened.dispose();
    }
  });

  it('says what to do when the key is missing or the provider is unreachable', async () => {
    const api = await tutor();
    await sidebar();
    await useProvider({ provider: 'openai' });
    const before = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      await api.controller.newThread();
      const reply = await api.controller.send('Hello?');
      // Said before anything is sent: no thread, no message, no run, and the question back in the box.
      assert.equal(reply.accepted, false);
      assert.equal(api.controller.view.threadId, null);
      assert.deepEqual(api.controller.view.messages, []);
      await waitFor('the no-key notice', async () => (await snapshot()).entries.some((e) => e.kind === 'notice' && e.text.includes('No API key is set for OpenAI')));
      const shown = await snapshot();
      const notice = shown.entries.find((e) => e.kind === 'notice')!.text;
      assert.match(notice, /Set API Key/);
      assert.match(notice, /Choose Provider/);
      assert.doesNotMatch(notice, /did not accept/);
      assert.equal(shown.draft, 'Hello?');
      assert.equal(shown.entries.filter((e) => e.kind === 'user').length, 0);

      await useProvider({ provider: 'custom', providerUrl: 'http://127.0.0.1:9/v1' });
      await vscode.commands.executeCommand('tutor.ask', 'Hello again?');
      await idle();
      await waitFor('an unreachable-provider notice', async () => (await snapshot()).entries.some((e) => e.kind === 'notice' && /reach/i.test(e.text) && /Open Settings/.test(e.text)));
    } finally {
      if (before !== undefined) process.env.OPENAI_API_KEY = before;
      await useProvider({ provider: 'custom', providerUrl: fake.url });
    }
  });
});
