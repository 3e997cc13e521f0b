import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { openFixture, type Fixture } from '../fixture';

describe('endpoints beyond the walkthrough', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await openFixture();
  });
  afterEach(async function () {
    await fx.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(fx.violations, [], 'responses must match the OpenAPI spec');
  });

  it('creates a thread and runs it in one call, streaming (thread.created first) and polling', async () => {
    const { client, fake } = fx;
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
    fake.script({ text: ['Hi ', 'there'] });
    const events: string[] = [];
    const run = await client.beta.threads
      .createAndRunStream({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'hello' }], metadata: { course: 'algebra' } } })
      .on('event', (e) => events.push(e.event))
      .finalRun();
    assert.equal(run.status, 'completed');
    assert.equal(events[0], 'thread.created');
    const thread = await client.beta.threads.retrieve(run.thread_id);
    assert.deepEqual(thread.metadata, { course: 'algebra' });

    fake.script({ text: ['again'] });
    const polled = await client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'x' }] } });
    assert.equal(polled.status, 'completed');
    assert.notEqual(polled.thread_id, run.thread_id);
  });

  it('stores content parts and attachments, filters messages by run, modifies and deletes', async () => {
    const { client, fake } = fx;
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await client.beta.threads.create();
    const parts = await client.beta.threads.messages.create(thread.id, {
      role: 'user',
      content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: 'https://example.com/graph.png', detail: 'low' } }],
      attachments: [{ file_id: 'file-abc', tools: [{ type: 'file_search' }] }],
    });
    assert.equal(parts.content.length, 2);
    assert.deepEqual(parts.attachments, [{ file_id: 'file-abc', tools: [{ type: 'file_search' }] }]);
    fake.script({ text: ['A parabola.'] });
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    const sentUser = (fake.requests[0]!.body.messages as { role: string; content: unknown }[])[0]!;
    assert.deepEqual(sentUser.content, [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: 'https://example.com/graph.png', detail: 'low' } }]);

    const byRun = await client.beta.threads.messages.list(thread.id, { run_id: run.id });
    assert.deepEqual(byRun.data.map((m) => m.role), ['assistant']);
    const modified = await client.beta.threads.messages.update(parts.id, { thread_id: thread.id, metadata: { seen: 'yes' } });
    assert.deepEqual(modified.metadata, { seen: 'yes' });
    const deleted = await client.beta.threads.messages.delete(parts.id, { thread_id: thread.id });
    assert.equal(deleted.deleted, true);
    assert.equal((await client.beta.threads.messages.list(thread.id)).data.length, 1);

    const runs = await client.beta.threads.runs.list(thread.id);
    assert.deepEqual(runs.data.map((r) => r.id), [run.id]);
    const tagged = await client.beta.threads.runs.update(run.id, { thread_id: thread.id, metadata: { graded: 'true' } });
    assert.deepEqual(tagged.metadata, { graded: 'true' });
    const [step] = (await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id })).data;
    const same = await client.beta.threads.runs.steps.retrieve(step!.id, { thread_id: thread.id, run_id: run.id, include: ['step_details.tool_calls[*].file_search.results[*].content'] });
    assert.equal(same.id, step!.id);
  });

  it('updates and deletes assistants and threads; a deleted thread takes its messages with it', async () => {
    const { client } = fx;
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', name: 'Math Tutor' });
    const renamed = await client.beta.assistants.update(assistant.id, { name: 'Calculus Tutor', temperature: 0.2 });
    assert.equal(renamed.name, 'Calculus Tutor');
    assert.equal(renamed.model, 'gpt-4o');
    const listed = await client.beta.assistants.list();
    assert.deepEqual(listed.data.map((a) => a.name), ['Calculus Tutor']);
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'a' }] });
    assert.equal((await client.beta.threads.update(thread.id, { metadata: { k: 'v' } })).metadata?.['k' as never], 'v');
    assert.equal((await client.beta.threads.delete(thread.id)).deleted, true);
    await assert.rejects(client.beta.threads.messages.list(thread.id));
    assert.equal((await client.beta.assistants.delete(assistant.id)).deleted, true);
    assert.equal((await client.beta.assistants.list()).data.length, 0);
  });

  it('refuses a json_schema response format without a name (the spec requires one in every answer that echoes it)', async () => {
    const { client } = fx;
    await assert.rejects(
      client.beta.assistants.create({ model: 'gpt-4o', response_format: { type: 'json_schema', json_schema: {} as never } }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && (err.param ?? '').startsWith('response_format'),
    );
    const named = await client.beta.assistants.create({ model: 'gpt-4o', response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } } });
    assert.deepEqual(named.response_format, { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } });
  });

  it('runs a thread whose messages hold special-token text and a 256,000-character word (the longest a message may be)', async () => {
    // Counting their tokens used to throw ("Disallowed special token") or block for hours.
    const { client, fake } = fx;
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'What does <|endoftext|> mean?' }, { role: 'user', content: 'x'.repeat(256_000) }] });
    fake.script({ text: ['It ends a text.'] });
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    assert.equal(run.status, 'completed', JSON.stringify(run.last_error));
  });

  it('tells a wrong value from a missing one', async () => {
    // zod 4 leaves the input out of its issues unless asked, so every wrong value read as missing.
    const { client } = fx;
    await assert.rejects(client.beta.assistants.create({ model: 5 as never }), (err: unknown) =>
      err instanceof OpenAI.BadRequestError && err.code === 'invalid_value' && err.param === 'model' && !/Missing/.test(err.message));
    await assert.rejects(client.beta.assistants.create({} as never), (err: unknown) =>
      err instanceof OpenAI.BadRequestError && err.code === 'missing_required_parameter' && err.param === 'model');
  });

  it('refuses bodies nested thousands deep with a 400, and stays able to list what it stored', async () => {
    // Free-form fields took them, and storing or answering them overflowed the stack: a 500 on
    // that request and on every later list that held the object.
    const deep = (open: string, close: string, n: number) => open.repeat(n) + close.repeat(n);
    const post = (path: string, body: string) => fx.runtime.fetch(new Request(`http://tutor.local/v1${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }));
    const tool = await post('/assistants', `{"model":"m","tools":[{"type":"function","function":{"name":"f","parameters":{"a":${deep('[', ']', 20_000)}}}}]}`);
    assert.equal(tool.status, 400);
    assert.match(((await tool.json()) as { error: { message: string } }).error.message, /nests .* more than 100 levels/);
    const store = await fx.client.vectorStores.create({ name: 'notes' });
    const search = await post(`/vector_stores/${store.id}/search`, `{"query":"q","filters":${deep('{"type":"and","filters":[', ']}', 5_000)}}`);
    assert.equal(search.status, 400);
    const fine = await post('/assistants', `{"model":"m","tools":[{"type":"function","function":{"name":"f","parameters":${deep('{"a":', '}', 50).replace('{"a":}', '{"a":1}')}}}]}`);
    assert.equal(fine.status, 200);
    assert.equal((await fx.client.beta.assistants.list()).data.length, 1);
  });
});
