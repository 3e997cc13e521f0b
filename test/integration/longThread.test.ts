import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type OpenAI from 'openai';
import * as vscode from 'vscode';
import type { TranscriptMessage } from '../../src/common/protocol';
import type { ImportOutcome } from '../../src/extension/chat/importConversation';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { idle, note, tutor, useProvider } from './util';

const FIRST = 'Where do I start with the Euclidean algorithm for gcd(252, 105)?';
const PHRASE = 'euclidean ALGORITHM';
const MESSAGES = 1000;

/** Every message of a thread, oldest first, straight from the runtime. */
async function stored(client: OpenAI, threadId: string) {
  const all = [];
  for await (const m of client.beta.threads.messages.list(threadId, { order: 'asc', limit: 100 })) all.push(m);
  return all;
}

/** A file in a fresh temporary folder. */
function tempFile(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(mkdtempSync(path.join(tmpdir(), 'tutor-long-')), name));
}

/** The export without its date line (the one line that differs between two exports). */
const undated = (markdown: string) => markdown.replace(/^_Exported from Tutor on \d{4}-\d{2}-\d{2}\._$/m, '');

describe('a 1,000-message conversation (extension host, embedded runtime)', function () {
  this.timeout(180_000);
  let fake: FakeModel;
  let client: OpenAI;
  let threadId: string;
  let all: Awaited<ReturnType<typeof stored>>;

  before(async () => {
    fake = await startFakeModel();
    await useProvider({ provider: 'custom', providerUrl: fake.url });
    const api = await tutor();
    await api.apiKeys.clear();
    client = await api.runtime.client();
    // Built through the SDK, one message at a time, as a long-kept course conversation would be.
    threadId = (await client.beta.threads.create()).id;
    const started = Date.now();
    await client.beta.threads.messages.create(threadId, { role: 'user', content: FIRST });
    for (let i = 1; i < MESSAGES - 2; i++) await client.beta.threads.messages.create(threadId, { role: i % 2 ? 'assistant' : 'user', content: `Step ${i}: divide, keep the remainder, repeat.` });
    note(`${MESSAGES - 2} messages created through the SDK in ${Date.now() - started} ms`);
    await api.threads.add(threadId, 'gcd by hand', MESSAGES - 2);
    await api.controller.switchThread(threadId);
    // The last answer runs for real, with a verify_math card, so a paged answer has a card to restore.
    fake.script(
      { toolCalls: [{ id: 'call_gcd', name: 'verify_math', arguments: JSON.stringify({ kind: 'solves', equation: '3x + 11 = 14', variable: 'x', value: '1' }) }] },
      { text: ['So gcd(252, 105) = 21.'] },
    );
    await vscode.commands.executeCommand('tutor.ask', 'So what is the gcd?');
    await idle(60_000);
    all = await stored(client, threadId);
    assert.equal(all.length, MESSAGES);
    // The question and answer joined the page the host holds, under the ids the runtime gave them.
    const held = api.controller.view.messages;
    assert.deepEqual(held.map((m) => m.id), all.slice(-held.length).map((m) => m.id));
    assert.deepEqual(held.slice(-2).map((m) => m.text), ['So what is the gcd?', 'So gcd(252, 105) = 21.']);
    assert.equal(api.threads.get(threadId)!.messageCount, MESSAGES, 'the thread list counts the whole thread');
  });
  after(async () => {
    await (await tutor()).controller.newThread();
    await fake.close();
  });

  it('opens with its newest page and says older messages exist', async () => {
    const api = await tutor();
    await api.controller.newThread();
    let started = performance.now();
    await api.controller.switchThread(threadId);
    const paged = performance.now() - started;
    const view = await api.controller.sync();
    assert.equal(view.threadId, threadId);
    assert.ok(view.messages.length > 0 && view.messages.length <= 50, `${view.messages.length} messages`);
    assert.equal(view.hasOlder, true);
    assert.deepEqual(view.messages.map((m) => m.id), all.slice(-view.messages.length).map((m) => m.id));
    assert.equal(view.messages.at(-1)!.toolCalls?.[0]?.id, 'call_gcd', 'the newest answer has its card');
    // What opening cost before: every message, then the steps of every run (not asserted: a figure).
    started = performance.now();
    await stored(client, threadId);
    let steps = 0;
    for await (const run of client.beta.threads.runs.list(threadId, { limit: 100 })) for await (const step of client.beta.threads.runs.steps.list(run.id, { thread_id: threadId, limit: 100 })) steps += step ? 1 : 0;
    note(`newest page of ${view.messages.length} opened in ${paged.toFixed(0)} ms; reading every message and every run's steps as before (this thread has one run) took ${(performance.now() - started).toFixed(0)} ms (${steps} steps)`);
  });

  it('pages back to the first message through chat/older: nothing lost or twice, in order', async () => {
    const { controller } = await tutor();
    const view = await controller.sync();
    let loaded: TranscriptMessage[] = view.messages;
    let hasOlder = view.hasOlder;
    while (hasOlder) {
      const page = await controller.handlers['chat/older']({ threadId, before: loaded[0]!.id });
      loaded = [...page.messages, ...loaded];
      hasOlder = page.hasOlder;
    }
    assert.deepEqual(loaded.map((m) => m.id), all.map((m) => m.id));
    assert.equal(loaded[0]!.text, FIRST);
  });

  it('returns everything back to a given message with `through`', async () => {
    const { controller } = await tutor();
    const view = await controller.sync();
    const page = await controller.handlers['chat/older']({ threadId, before: view.messages[0]!.id, through: all[100]!.id });
    assert.deepEqual(page.messages.map((m) => m.id), all.slice(100, MESSAGES - view.messages.length).map((m) => m.id));
    assert.equal(page.hasOlder, true);
  });

  it('restores the tool-call card of an answer that is no longer on the newest page', async () => {
    const api = await tutor();
    // Fifty more messages push the answer with the card off the newest page.
    for (let i = 0; i < 50; i++) await client.beta.threads.messages.create(threadId, { role: i % 2 ? 'assistant' : 'user', content: `Later ${i}` });
    await api.threads.touch(threadId, MESSAGES + 50);
    await api.controller.newThread();
    await api.controller.switchThread(threadId);
    const view = await api.controller.sync();
    assert.ok(!view.messages.some((m) => m.toolCalls?.length), 'the answer is older than the page');
    const page = await api.controller.handlers['chat/older']({ threadId, before: view.messages[0]!.id, limit: 20 });
    const answer = page.messages.find((m) => m.text === 'So gcd(252, 105) = 21.');
    assert.deepEqual(answer?.toolCalls?.map((c) => [c.id, c.name, c.status, c.verified]), [['call_gcd', 'verify_math', 'done', true]]);
    all = await stored(client, threadId);
  });

  it('refuses chat/older for a thread that is no longer the open one', async () => {
    const { controller } = await tutor();
    await assert.rejects(Promise.resolve(controller.handlers['chat/older']({ threadId: 'thread_not_open', before: all[500]!.id })), /no longer the open one/);
  });

  it('finds a phrase that only the first message holds, in the whole thread', async () => {
    const { controller } = await tutor();
    assert.deepEqual(await controller.handlers['chat/find']({ query: PHRASE }), { threadId, messageIds: [all[0]!.id] });
    const later = await controller.handlers['chat/find']({ query: 'later 4' });
    assert.deepEqual(later.messageIds, all.filter((m) => /Later 4/.test(m.content[0]!.type === 'text' ? m.content[0]!.text.value : '')).map((m) => m.id));
  });

  it('exports every message of the thread, and export → import → export is the same file', async () => {
    const api = await tutor();
    const first = tempFile('long.md');
    await vscode.commands.executeCommand('tutor.exportThread', first);
    const exported = readFileSync(first.fsPath, 'utf8');
    assert.equal(exported.match(/^<!-- tutor:message role="(user|assistant)" length="\d+" -->$/gm)?.length, all.length);
    assert.ok(exported.includes(FIRST) && exported.includes('So gcd(252, 105) = 21.') && exported.includes('Later 49'));
    for (let i = 1; i < MESSAGES - 2; i++) assert.ok(exported.includes(`Step ${i}: divide`), `message ${i}`);

    const outcome = (await vscode.commands.executeCommand('tutor.importThread', first)) as ImportOutcome;
    assert.ok(outcome && 'threadId' in outcome, JSON.stringify(outcome));
    note(`${outcome.messages} messages imported in ${outcome.ms} ms`);
    assert.notEqual(outcome.threadId, threadId);
    assert.equal(api.controller.view.threadId, outcome.threadId, 'the chat switched to the imported thread');
    assert.deepEqual(api.threads.current(), { ...api.threads.get(outcome.threadId)!, title: 'gcd by hand', messageCount: all.length });
    const imported = await stored(client, outcome.threadId);
    assert.deepEqual(imported.map((m) => m.role), all.map((m) => m.role));

    const second = tempFile('again.md');
    await vscode.commands.executeCommand('tutor.exportThread', second);
    assert.equal(undated(readFileSync(second.fsPath, 'utf8')), undated(exported));
  });

  it('imports a file without markers by its ## You / ## Tutor headings', async () => {
    const api = await tutor();
    const file = tempFile('handwritten.md');
    writeFileSync(file.fsPath, '# From my notes\n\n## You\n\nWhat is 2 + 2?\n\n## Tutor\n\n```\n## You\n```\nFour.\n');
    const outcome = (await vscode.commands.executeCommand('tutor.importThread', file)) as ImportOutcome;
    assert.ok(outcome && 'threadId' in outcome, JSON.stringify(outcome));
    const messages = await stored(client, outcome.threadId);
    assert.deepEqual(messages.map((m) => [m.role, m.content[0]!.type === 'text' && m.content[0]!.text.value]), [['user', 'What is 2 + 2?'], ['assistant', '```\n## You\n```\nFour.']]);
    assert.equal(api.threads.get(outcome.threadId)!.title, 'From my notes');
  });

  it('refuses a file with no messages, saying what it expected, and creates nothing', async () => {
    const api = await tutor();
    const file = tempFile('empty.md');
    writeFileSync(file.fsPath, '');
    const before = { threads: api.threads.list().length, current: api.threads.current()?.id };
    const outcome = (await vscode.commands.executeCommand('tutor.importThread', file)) as ImportOutcome;
    assert.ok(outcome && 'error' in outcome, JSON.stringify(outcome));
    assert.match(outcome.error, /empty\.md holds no conversation to import.*"## You" and "## Tutor"/);
    assert.deepEqual({ threads: api.threads.list().length, current: api.threads.current()?.id }, before);
  });
});
