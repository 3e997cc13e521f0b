import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { TranscriptMessage } from '../../../src/common/protocol';
import { loadNewestPage, loadOlder, NEWEST_PAGE, OLDER_PAGE, type LoaderDeps } from '../../../src/extension/chat/threadLoader';
import { matchingIds, wholeThreadText } from '../../../src/extension/chat/threadText';
import { drain, openFixture, type Fixture } from '../../runtime/fixture';

const FIRST = 'The first question: what is the quick brown fox doing?';

/** Adds `count` messages, user and assistant in turn, numbered from `from`. */
async function fill(client: OpenAI, threadId: string, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) await client.beta.threads.messages.create(threadId, { role: i % 2 ? 'assistant' : 'user', content: `message ${i}` });
}

/** A run whose answer has one function-call card (a function call, its output, then the text). */
async function answerWithCard(fx: Fixture, assistantId: string, threadId: string, callId: string, text: string): Promise<void> {
  fx.fake.script({ toolCalls: [{ id: callId, name: 'check_answer', arguments: '{"x": 1}' }] });
  const waiting = await fx.client.beta.threads.runs.stream(threadId, { assistant_id: assistantId }).finalRun();
  const calls = waiting.required_action!.submit_tool_outputs.tool_calls;
  fx.fake.script({ text: [text] });
  await fx.client.beta.threads.runs.submitToolOutputsStream(waiting.id, { thread_id: threadId, tool_outputs: calls.map((c) => ({ tool_call_id: c.id, output: `checked ${callId}` })) }).finalRun();
}

describe('a long thread, loaded a page at a time', function () {
  this.timeout(120_000);
  let fx: Fixture;
  let client: OpenAI;
  let threadId: string;
  let all: Message[];
  const stepReads: string[] = [];
  const deps: LoaderDeps = { files: { fileName: async (id) => id, remember: () => undefined }, warn: (m) => assert.fail(m) };

  before(async () => {
    fx = await openFixture();
    // The fixture's client, counting which runs' steps are read.
    client = new OpenAI({
      apiKey: 'local',
      baseURL: 'http://tutor.local/v1',
      maxRetries: 0,
      fetch: async (url: string | URL | Request, init?: RequestInit) => {
        const request = new Request(url, init);
        const steps = /\/runs\/([^/]+)\/steps/.exec(new URL(request.url).pathname);
        if (steps) stepReads.push(steps[1]!);
        return fx.runtime.fetch(request);
      },
    });
    const assistant = await client.beta.assistants.create({ model: 'fake', tools: [{ type: 'function', function: { name: 'check_answer', parameters: { type: 'object', properties: {} } } }] });
    threadId = (await client.beta.threads.create()).id;
    await client.beta.threads.messages.create(threadId, { role: 'user', content: FIRST });
    await fill(client, threadId, 1, 500); // ends on a question (message 500 is the user's)
    await answerWithCard(fx, assistant.id, threadId, 'call_old', 'An answer far up the thread.');
    await fill(client, threadId, 502, 496);
    await client.beta.threads.messages.create(threadId, { role: 'user', content: 'The last question.' });
    await answerWithCard(fx, assistant.id, threadId, 'call_new', 'The newest answer.');
    all = await drain(client.beta.threads.messages.list(threadId, { order: 'asc', limit: 100 }));
  });
  after(async () => fx.close());

  it('opens with the newest page only, its answer cards read from that answer’s run alone', async () => {
    assert.equal(all.length, 1000);
    stepReads.length = 0;
    const page = await loadNewestPage(client, threadId, deps);
    assert.equal(page.messages.length, NEWEST_PAGE);
    assert.equal(page.hasOlder, true);
    assert.deepEqual(page.messages.map((m) => m.id), all.slice(-NEWEST_PAGE).map((m) => m.id), 'the newest messages, oldest first');
    assert.deepEqual(page.messages.at(-1)!.toolCalls?.map((c) => [c.id, c.status, c.output]), [['call_new', 'done', 'checked call_new']]);
    assert.deepEqual(stepReads, [all.at(-1)!.run_id], 'only the run that wrote an answer on the page');
  });

  it('pages back to the first message: nothing lost, nothing twice, in order, cards on older answers too', async () => {
    const newest = await loadNewestPage(client, threadId, deps);
    let loaded: TranscriptMessage[] = newest.messages;
    let hasOlder = newest.hasOlder;
    let pages = 0;
    while (hasOlder) {
      const page = await loadOlder(client, threadId, { before: loaded[0]!.id }, deps);
      assert.ok(page.messages.length <= OLDER_PAGE);
      loaded = [...page.messages, ...loaded];
      hasOlder = page.hasOlder;
      pages++;
    }
    assert.equal(pages, Math.ceil((1000 - NEWEST_PAGE) / OLDER_PAGE));
    assert.deepEqual(loaded.map((m) => m.id), all.map((m) => m.id));
    assert.equal(loaded[0]!.text, FIRST);
    const old = loaded.find((m) => m.text === 'An answer far up the thread.')!;
    assert.deepEqual(old.toolCalls?.map((c) => [c.id, c.output]), [['call_old', 'checked call_old']]);
  });

  it('with `through`, returns every message back to that one; a `limit` bounds a page', async () => {
    const before = all[900]!.id;
    const toFirst = await loadOlder(client, threadId, { before, through: all[0]!.id }, deps);
    assert.deepEqual(toFirst.messages.map((m) => m.id), all.slice(0, 900).map((m) => m.id));
    assert.equal(toFirst.hasOlder, false);
    const toMiddle = await loadOlder(client, threadId, { before, through: all[250]!.id }, deps);
    assert.deepEqual(toMiddle.messages.map((m) => m.id), all.slice(250, 900).map((m) => m.id));
    assert.equal(toMiddle.hasOlder, true);
    const seven = await loadOlder(client, threadId, { before, limit: 7 }, deps);
    assert.deepEqual(seven.messages.map((m) => m.id), all.slice(893, 900).map((m) => m.id));
  });

  it('refuses a `through` that is not before `before`', async () => {
    await assert.rejects(loadOlder(client, threadId, { before: all[10]!.id, through: all[20]!.id }, deps), /is not before/);
  });

  it('finds a phrase in the whole thread, ignoring case, with what the host holds that the runtime has not', async () => {
    const held: TranscriptMessage[] = [
      { id: all.at(-1)!.id, role: 'assistant', text: 'The newest answer, still streaming: QUICK BROWN', status: 'streaming', createdAt: 0 },
      { id: 'local-1', role: 'user', text: 'a question not sent yet, quick brown too', status: 'complete', createdAt: 0 },
    ];
    const messages = await wholeThreadText(client, threadId, held);
    assert.equal(messages.length, 1001);
    assert.deepEqual(matchingIds(messages, 'quick BROWN fox'), [all[0]!.id]);
    assert.deepEqual(matchingIds(messages, 'Quick Brown'), [all[0]!.id, all.at(-1)!.id, 'local-1']);
    assert.deepEqual(matchingIds(messages, 'no such phrase'), []);
  });
});
