// The Responses and Conversations APIs through the real SDK (openai 7 and 6), in-process, every
// body and stream event checked against OpenAI's spec; the scripted model is the only fake.
import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import OpenAI6 from 'openai-v6';
import { openFixture, type Fixture } from './fixture';

const clients: [string, typeof OpenAI][] = [['openai 7', OpenAI], ['openai 6', OpenAI6 as unknown as typeof OpenAI]];
const INSTRUCTIONS = 'You are a personal math tutor. Give hints first.';

/** What the model was sent in its last chat request. */
function lastMessages(fx: Fixture): { role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }[] {
  const chats = fx.fake.requests.filter((r) => r.path.endsWith('/chat/completions'));
  return chats.at(-1)!.body.messages as never;
}

/** Matches an SDK error by status (openai 6 and 7 have their own error classes). */
const isStatus = (status: number) => (err: unknown) => (err as { status?: number }).status === status;

/** The answer's text. openai 6's stream leaves out `output_text` (an SDK convenience), so it is read from the output. */
function textOf(response: { output: { type: string; content?: { type: string; text?: string }[] }[] }): string {
  return response.output.flatMap((o) => (o.type === 'message' ? o.content ?? [] : [])).map((c) => (c.type === 'output_text' ? c.text : '')).join('');
}

for (const [sdk, Client] of clients) describe(`Responses and Conversations through the real SDK (${sdk}), in-process`, () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await openFixture({}, Client);
  });
  afterEach(async function () {
    await fx.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(fx.violations, [], 'responses must match the OpenAPI spec');
  });

  it('answers a question: output_text, usage, and the instructions sent as the system message', async () => {
    fx.fake.script({ text: ['Subtract ', '11 from both sides.'] });
    const response = await fx.client.responses.create({ model: 'gpt-4o', instructions: INSTRUCTIONS, input: 'Solve 3x + 11 = 14' });
    assert.match(response.id, /^resp_/);
    assert.equal(response.status, 'completed');
    assert.equal(response.output_text, 'Subtract 11 from both sides.');
    assert.equal(response.output[0]!.type, 'message');
    assert.ok(response.usage && response.usage.total_tokens > 0);
    assert.deepEqual(lastMessages(fx), [{ role: 'system', content: INSTRUCTIONS }, { role: 'user', content: 'Solve 3x + 11 = 14' }]);
    const again = await fx.client.responses.retrieve(response.id);
    assert.equal(again.output_text, 'Subtract 11 from both sides.');
    const inputs = await fx.client.responses.inputItems.list(response.id);
    assert.equal(inputs.data.length, 1);
    assert.deepEqual((inputs.data[0] as { content: unknown }).content, [{ type: 'input_text', text: 'Solve 3x + 11 = 14' }]);
  });

  it('streams with event handlers, in the order the SDK checks, each event numbered', async () => {
    fx.fake.script({ text: ['What', ' could you', ' subtract?'] });
    const deltas: string[] = [];
    const types: string[] = [];
    const numbers: number[] = [];
    const stream = fx.client.responses
      .stream({ model: 'gpt-4o', input: [{ role: 'user', content: 'Help with 3x + 11 = 14' }] })
      .on('response.output_text.delta', (e) => deltas.push(e.delta))
      .on('event', (e) => {
        types.push(e.type);
        numbers.push(e.sequence_number);
      });
    const final = await stream.finalResponse();
    assert.equal(textOf(final), 'What could you subtract?');
    assert.deepEqual(deltas, ['What', ' could you', ' subtract?']);
    assert.deepEqual(types, [
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed',
    ]);
    assert.deepEqual(numbers, types.map((_, i) => i));
  });

  it('a function call round trip: the call comes out, its output goes back with previous_response_id', async () => {
    fx.fake.script({ toolCalls: [{ name: 'check_answer', arguments: ['{"x":', ' 1}'] }] }, { text: ['Correct: x = 1.'] });
    const tools = [{ type: 'function' as const, name: 'check_answer', description: 'Checks a solution', parameters: { type: 'object', properties: { x: { type: 'number' } } }, strict: false }];
    const first = await fx.client.responses.create({ model: 'gpt-4o', input: 'Is x = 1 right for 3x + 11 = 14?', tools });
    const call = first.output.find((o) => o.type === 'function_call');
    assert.ok(call && call.type === 'function_call');
    assert.equal(call.name, 'check_answer');
    assert.equal(call.arguments, '{"x": 1}');
    assert.equal(first.status, 'completed');

    const second = await fx.client.responses.create({ model: 'gpt-4o', previous_response_id: first.id, tools, input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"correct": true}' }] });
    assert.equal(second.output_text, 'Correct: x = 1.');
    const sent = lastMessages(fx);
    assert.deepEqual(sent.map((m) => m.role), ['user', 'assistant', 'tool']);
    assert.deepEqual(sent[1]!.tool_calls, [{ id: call.call_id, type: 'function', function: { name: 'check_answer', arguments: '{"x": 1}' } }]);
    assert.equal(sent[2]!.tool_call_id, call.call_id);
  });

  it('streams a function call: arguments as deltas, then done with the whole arguments', async () => {
    fx.fake.script({ toolCalls: [{ name: 'plot', arguments: ['{"f":', ' "x^2"}'] }] });
    const args: string[] = [];
    let done = '';
    const final = await fx.client.responses
      .stream({ model: 'gpt-4o', input: 'Plot x^2', tools: [{ type: 'function', name: 'plot', parameters: null, strict: null }] })
      .on('response.function_call_arguments.delta', (e) => args.push(e.delta))
      .on('response.function_call_arguments.done', (e) => (done = e.arguments))
      .finalResponse();
    assert.deepEqual(args, ['{"f":', ' "x^2"}']);
    assert.equal(done, '{"f": "x^2"}');
    assert.equal(final.output[0]!.type, 'function_call');
  });

  it('runs in the background: queued at once, polled to completed, and its stream can be resumed', async () => {
    fx.fake.script({ text: ['one ', 'two ', 'three'], delayMs: 20 });
    const queued = await fx.client.responses.create({ model: 'gpt-4o', input: 'count', background: true });
    assert.equal(queued.status, 'queued');
    let polled = await fx.client.responses.retrieve(queued.id);
    for (let i = 0; i < 200 && (polled.status === 'queued' || polled.status === 'in_progress'); i++) {
      await new Promise((r) => setTimeout(r, 10));
      polled = await fx.client.responses.retrieve(queued.id);
    }
    assert.equal(polled.status, 'completed');
    assert.equal(polled.output_text, 'one two three');

    const resumed: string[] = [];
    const stream = await fx.client.responses.retrieve(queued.id, { stream: true, starting_after: 4 });
    for await (const event of stream) resumed.push(`${event.sequence_number}:${event.type}`);
    assert.equal(resumed[0], '5:response.output_text.delta');
    assert.equal(resumed.at(-1)!.split(':')[1], 'response.completed');
  });

  it('cancels a background response: the model request ends and the response is cancelled with what it wrote', async () => {
    fx.fake.script({ text: Array.from({ length: 200 }, (_, i) => `step ${i}, `), delayMs: 20 });
    const queued = await fx.client.responses.create({ model: 'gpt-4o', input: 'explain slowly', background: true });
    await new Promise((r) => setTimeout(r, 150));
    const cancelled = await fx.client.responses.cancel(queued.id);
    assert.equal(cancelled.status, 'cancelled');
    await fx.fake.waitForAbort(5_000);
    const stored = await fx.client.responses.retrieve(queued.id);
    assert.equal(stored.status, 'cancelled');
    assert.match(stored.output_text, /^step 0, /);
    assert.ok(!stored.output_text.includes('step 199'));
    await assert.rejects(fx.client.responses.cancel((await fx.client.responses.create({ model: 'gpt-4o', input: 'hi' })).id), isStatus(400));
  });

  it('a conversation started with the Assistants API continues through Responses, and back', async () => {
    const { client, fake } = fx;
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', instructions: INSTRUCTIONS });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Solve 3x + 11 = 14' }] });
    fake.script({ text: ['Subtract 11 first.'] });
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    assert.equal(run.status, 'completed');

    fake.script({ text: ['Now divide by 3.'] });
    const next = await client.responses.create({ model: 'gpt-4o', instructions: INSTRUCTIONS, conversation: thread.id, input: 'I got 3x = 3. Next?' });
    assert.equal(next.output_text, 'Now divide by 3.');
    assert.deepEqual(next.conversation, { id: thread.id });
    assert.deepEqual(lastMessages(fx).map((m) => `${m.role}:${String(m.content)}`), [
      `system:${INSTRUCTIONS}`, 'user:Solve 3x + 11 = 14', 'assistant:Subtract 11 first.', 'user:I got 3x = 3. Next?',
    ]);

    // The same thread through the Assistants API: all four messages, in order.
    const messages = await client.beta.threads.messages.list(thread.id, { order: 'asc' });
    assert.deepEqual(messages.data.map((m) => `${m.role}:${m.content[0]!.type === 'text' ? m.content[0]!.text.value : ''}`), [
      'user:Solve 3x + 11 = 14', 'assistant:Subtract 11 first.', 'user:I got 3x = 3. Next?', 'assistant:Now divide by 3.',
    ]);
    // And as conversation items: the same ids.
    const items = await client.conversations.items.list(thread.id, { order: 'asc' });
    assert.deepEqual(items.data.map((i) => i.id), messages.data.map((m) => m.id));

    // Back to Assistants: a run on the thread reads what the response added.
    fake.script({ text: ['So x = 1.'] });
    await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    assert.ok(JSON.stringify(lastMessages(fx)).includes('Now divide by 3.'));
  });

  it('conversations: create with items, retrieve, update, list/add/get/delete items, delete; a conversation is a thread', async () => {
    const { client } = fx;
    const conversation = await client.conversations.create({ metadata: { course: 'algebra' }, items: [{ type: 'message', role: 'user', content: 'Hello tutor' }] });
    assert.match(conversation.id, /^conv_/);
    assert.deepEqual(conversation.metadata, { course: 'algebra' });
    const thread = await client.beta.threads.retrieve(conversation.id);
    assert.equal(thread.id, conversation.id);
    const updated = await client.conversations.update(conversation.id, { metadata: { course: 'geometry' } });
    assert.deepEqual(updated.metadata, { course: 'geometry' });

    const added = await client.conversations.items.create(conversation.id, { items: [
      { type: 'message', role: 'developer', content: 'Answer in one line.' },
      { type: 'message', role: 'assistant', content: 'Hi! What are we solving?' },
    ] });
    assert.equal(added.data.length, 2);
    const all = await client.conversations.items.list(conversation.id, { order: 'asc' });
    assert.deepEqual(all.data.map((i) => (i.type === 'message' ? i.role : i.type)), ['user', 'developer', 'assistant']);
    const page = await client.conversations.items.list(conversation.id, { order: 'asc', limit: 1, after: all.data[0]!.id! });
    assert.deepEqual(page.data.map((i) => i.id), [all.data[1]!.id]);
    assert.equal(page.has_more, true);
    const developerId = all.data[1]!.id!;
    const one = await client.conversations.items.retrieve(developerId, { conversation_id: conversation.id });
    assert.equal(one.id, developerId);
    await client.conversations.items.delete(developerId, { conversation_id: conversation.id });
    assert.equal((await client.conversations.items.list(conversation.id)).data.length, 2);

    const deleted = await client.conversations.delete(conversation.id);
    assert.equal(deleted.deleted, true);
    await assert.rejects(client.conversations.retrieve(conversation.id), isStatus(404));
  });

  it('replays a response\'s output as the next input (no previous_response_id): the copies are new items, the model sees the whole turn', async () => {
    fx.fake.script({ toolCalls: [{ name: 'check', arguments: ['{"x": 1}'] }] }, { text: ['Right.'] });
    const tools = [{ type: 'function' as const, name: 'check', parameters: { type: 'object' }, strict: false }];
    const first = await fx.client.responses.create({ model: 'gpt-4o', input: 'x = 1?', tools });
    const call = first.output.find((o) => o.type === 'function_call');
    assert.ok(call && call.type === 'function_call');
    const second = await fx.client.responses.create({ model: 'gpt-4o', tools, input: [{ role: 'user', content: 'x = 1?' }, ...(first.output as never[]), { type: 'function_call_output', call_id: call.call_id, output: 'true' }] });
    assert.equal(second.output_text, 'Right.');
    assert.deepEqual(lastMessages(fx).map((m) => m.role), ['user', 'assistant', 'tool']);
    const inputs = await fx.client.responses.inputItems.list(second.id, { order: 'asc' });
    const replayed = inputs.data.find((i) => i.type === 'function_call');
    assert.ok(replayed && replayed.type === 'function_call' && replayed.call_id === call.call_id);
    assert.notEqual(replayed.id, call.id, 'a stored id is not taken twice');
  });

  it('truncation: a context over the window is a 400 by default; "auto" drops the oldest turns and keeps the newest', async () => {
    // About 60,000 tokens each (one per " a"): three of them are more than 128k.
    const long = (letter: string) => `${letter} `.repeat(60_000);
    const history = [
      { role: 'user' as const, content: long('a') },
      { role: 'assistant' as const, content: long('b') },
      { role: 'user' as const, content: `${long('c')} What now?` },
    ];
    await assert.rejects(fx.client.responses.create({ model: 'gpt-4o', instructions: INSTRUCTIONS, input: history }), (err: unknown) => isStatus(400)(err) && (err as { code?: string }).code === 'context_length_exceeded');
    assert.equal(fx.fake.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 0, 'the model was never asked');
    fx.fake.script({ text: ['Keep going.'] });
    const response = await fx.client.responses.create({ model: 'gpt-4o', instructions: INSTRUCTIONS, input: history, truncation: 'auto' });
    assert.equal(response.status, 'completed');
    assert.equal(response.truncation, 'auto');
    const sent = lastMessages(fx);
    assert.equal(sent[0]!.content, INSTRUCTIONS, 'the instructions stay');
    assert.equal(sent.length, 3, 'the oldest turn was dropped');
    assert.match(String(sent.at(-1)!.content), /What now\?$/, 'the newest turn stays');
  });

  it('bad requests are 400/404s in OpenAI\'s shape and store nothing', async () => {
    const { client } = fx;
    await assert.rejects(client.responses.create({ model: 'gpt-4o', input: 'x', previous_response_id: 'resp_missing' }), isStatus(404));
    await assert.rejects(client.responses.create({ model: 'gpt-4o', input: [{ type: 'function_call_output', call_id: 'call_nope', output: '1' }] }), (err: unknown) => (err as { status?: number; message?: string }).status === 400 && /call_nope/.test(String((err as Error).message)));
    const conversation = await client.conversations.create({});
    await assert.rejects(client.responses.create({ model: 'gpt-4o', input: 'x', conversation: conversation.id, previous_response_id: 'resp_x' }), isStatus(400));
    await assert.rejects(client.responses.create({ model: 'gpt-4o', input: 'x', unknown_field: 1 } as never), isStatus(400));
    await assert.rejects(client.responses.create({ model: 'gpt-4o', input: 'x', tools: [{ type: 'web_search' } as never] }), (err: unknown) => isStatus(400)(err) && /web_search tool is not offered/.test(String((err as Error).message)));
    assert.equal((await client.conversations.items.list(conversation.id)).data.length, 0);
    assert.equal(fx.fake.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 0, 'the model was never asked');
  });

  it('store: false answers but keeps nothing; delete removes a stored response', async () => {
    fx.fake.script({ text: ['kept'] }, { text: ['not kept'] });
    const kept = await fx.client.responses.create({ model: 'gpt-4o', input: 'a' });
    const unkept = await fx.client.responses.create({ model: 'gpt-4o', input: 'b', store: false });
    assert.equal(unkept.output_text, 'not kept');
    await assert.rejects(fx.client.responses.retrieve(unkept.id), isStatus(404));
    await fx.client.responses.delete(kept.id);
    await assert.rejects(fx.client.responses.retrieve(kept.id), isStatus(404));
  });
});
