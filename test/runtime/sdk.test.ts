import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import OpenAI6 from 'openai-v6';
import { openFixture, type Fixture } from './fixture';

const MATH_TUTOR = {
  name: 'Math Tutor',
  instructions: 'You are a personal math tutor. Write and run code to answer math questions.',
  tools: [{ type: 'code_interpreter' as const }],
  model: 'gpt-4o',
};
const QUESTION = 'I need to solve the equation `3x + 11 = 14`. Can you help me?';

// openai 7.x is the strict reader (one active message and step, no ids inside step deltas); 6.x
// is what many existing apps still pin. The same walkthrough runs against both.
const clients: [string, typeof OpenAI][] = [['openai 7', OpenAI], ['openai 6', OpenAI6 as unknown as typeof OpenAI]];

for (const [sdk, Client] of clients) describe(`Assistants v2 through the real SDK (${sdk}), in-process`, () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await openFixture({}, Client);
  });
  afterEach(async function () {
    await fx.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(fx.violations, [], 'responses must match the OpenAPI spec');
  });

  it('runs the seed walkthrough: stream with textCreated/textDelta, createAndPoll, paging, steps', async () => {
    const { client, fake } = fx;
    const assistant = await client.beta.assistants.create(MATH_TUTOR);
    assert.match(assistant.id, /^asst_/);
    const thread = await client.beta.threads.create();
    assert.match(thread.id, /^thread_/);
    const message = await client.beta.threads.messages.create(thread.id, { role: 'user', content: QUESTION });
    assert.match(message.id, /^msg_/);

    fake.script({ text: ['Sure', '! What', ' is your', ' first step?'] });
    const created: string[] = [];
    const deltas: string[] = [];
    const events: string[] = [];
    const stream = client.beta.threads.runs
      .stream(thread.id, { assistant_id: assistant.id, instructions: 'Please address the user as Jane Doe. The user has a premium account.' })
      .on('textCreated', (text) => created.push(text.value))
      .on('textDelta', (delta) => deltas.push(delta.value ?? ''))
      .on('event', (e) => events.push(e.event));
    const run = await stream.finalRun();
    assert.equal(run.status, 'completed');
    assert.equal(created.length, 1);
    assert.equal(deltas.join(''), 'Sure! What is your first step?');
    assert.deepEqual(events, [
      'thread.run.created', 'thread.run.queued', 'thread.run.in_progress',
      'thread.run.step.created', 'thread.run.step.in_progress',
      'thread.message.created', 'thread.message.in_progress',
      'thread.message.delta', 'thread.message.delta', 'thread.message.delta', 'thread.message.delta',
      'thread.message.completed', 'thread.run.step.completed', 'thread.run.completed',
    ]);
    const sent = fake.requests[0]!.body;
    assert.equal(sent.model, 'gpt-4o');
    assert.deepEqual(sent.messages![0], { role: 'system', content: 'Please address the user as Jane Doe. The user has a premium account.' });
    assert.deepEqual(sent.messages![1], { role: 'user', content: QUESTION });

    await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'Subtract 11 from both sides?' });
    // Slow enough that a poll finds the run still going: each such answer must carry the server's
    // openai-poll-after-ms hint, or the SDK waits its default 5 s before asking again.
    fake.script({ text: ['Yes: 3x = 3, ', 'so x = 1.'], delayMs: 100 });
    const polls: { status: string; hint: string | null }[] = [];
    const watched = client.withOptions({
      fetch: async (url: string | URL | Request, init?: RequestInit) => {
        const request = new Request(url, init);
        const response = await fx.runtime.fetch(request);
        if (request.method === 'GET' && /\/runs\/run_[^/]+$/.test(new URL(request.url).pathname)) {
          polls.push({ status: ((await response.clone().json()) as { status: string }).status, hint: response.headers.get('openai-poll-after-ms') });
        }
        return response;
      },
    });
    const polled = await watched.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    assert.equal(polled.status, 'completed');
    const going = polls.filter((p) => p.status !== 'completed');
    assert.ok(going.length > 0, `a poll found the run still going: ${JSON.stringify(polls)}`);
    for (const p of going) assert.ok(Number(p.hint) > 0 && Number(p.hint) < 5_000, `poll hint on a ${p.status} run: ${p.hint}`);
    assert.ok(polled.usage && polled.usage.total_tokens > 0);

    const seen: string[] = [];
    for await (const m of client.beta.threads.messages.list(thread.id, { limit: 1, order: 'asc' })) seen.push(m.content[0]?.type === 'text' ? m.content[0].text.value : '?');
    assert.deepEqual(seen, [QUESTION, 'Sure! What is your first step?', 'Subtract 11 from both sides?', 'Yes: 3x = 3, so x = 1.']);

    const steps = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id });
    assert.equal(steps.data.length, 1);
    assert.equal(steps.data[0]!.type, 'message_creation');
    assert.equal(steps.data[0]!.status, 'completed');
  });

  it('round-trips function calls through requires_action with submitToolOutputsStream, in parallel', async () => {
    const { client, fake } = fx;
    const assistant = await client.beta.assistants.create({
      model: 'gpt-4o',
      tools: [{ type: 'function', function: { name: 'check_answer', parameters: { type: 'object', properties: { x: { type: 'number' } } } } }],
    });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Is x = 1 and x = 2 right for 3x + 11 = 14?' }] });
    fake.script({ toolCalls: [{ name: 'check_answer', arguments: ['{"x"', ': 1}'] }, { name: 'check_answer', arguments: ['{"x": 2}'] }] });
    const argDeltas: string[] = [];
    const first = client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id }).on('toolCallDelta', (d) => {
      if (d.type === 'function') argDeltas.push(d.function?.arguments ?? '');
    });
    const waiting = await first.finalRun();
    assert.equal(waiting.status, 'requires_action');
    const calls = waiting.required_action!.submit_tool_outputs.tool_calls;
    assert.deepEqual(calls.map((c) => [c.function.name, c.function.arguments]), [['check_answer', '{"x": 1}'], ['check_answer', '{"x": 2}']]);
    assert.ok(calls.every((c) => /^call_/.test(c.id) && !c.id.includes('call_fake_0_0call')));
    assert.equal(argDeltas.join(''), '{"x": 1}{"x": 2}');

    await assert.rejects(
      client.beta.threads.runs.submitToolOutputs(waiting.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: calls[0]!.id, output: 'correct' }] }),
      (err: unknown) => err instanceof Client.BadRequestError,
    );
    fake.script({ text: ['x = 1 is right; x = 2 is not.'] });
    const texts: string[] = [];
    const second = client.beta.threads.runs
      .submitToolOutputsStream(waiting.id, { thread_id: thread.id, tool_outputs: calls.map((c, i) => ({ tool_call_id: c.id, output: i === 0 ? 'correct' : 'wrong' })) })
      .on('textDelta', (d) => texts.push(d.value ?? ''));
    const done = await second.finalRun();
    assert.equal(done.status, 'completed');
    assert.equal(texts.join(''), 'x = 1 is right; x = 2 is not.');
    const toolMessages = (fake.requests[1]!.body.messages as { role: string; content: string }[]).filter((m) => m.role === 'tool');
    assert.deepEqual(toolMessages.map((m) => m.content), ['correct', 'wrong']);
    const steps = await client.beta.threads.runs.steps.list(done.id, { thread_id: thread.id, order: 'asc' });
    assert.deepEqual(steps.data.map((s) => [s.type, s.status]), [['tool_calls', 'completed'], ['message_creation', 'completed']]);
    const details = steps.data[0]!.step_details;
    assert.ok(details.type === 'tool_calls' && details.tool_calls.every((c) => c.type === 'function' && c.function.output));
  });

  it('cancels mid-stream: the run ends cancelled and the model sees its request aborted', async () => {
    const { client, fake } = fx;
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Explain limits slowly.' }] });
    fake.script({ text: Array.from({ length: 200 }, (_, i) => `word${i} `), delayMs: 20 });
    const stream = client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    let cancelled: Promise<unknown> | undefined;
    stream.on('textDelta', () => {
      if (!cancelled) cancelled = client.beta.threads.runs.cancel(stream.currentRun()!.id, { thread_id: thread.id });
    });
    const final = await stream.finalRun();
    const cancelResponse = (await cancelled) as { status: string };
    assert.equal(cancelResponse.status, 'cancelling');
    assert.equal(final.status, 'cancelled');
    await fake.waitForAbort(2_000);
    const messages = await client.beta.threads.messages.list(thread.id);
    assert.equal(messages.data[0]!.status, 'incomplete');
  });

  it('keeps a run going when the streaming client disconnects', async () => {
    const { client, fake } = fx;
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'hi' }] });
    fake.script({ text: ['one ', 'two ', 'three'], delayMs: 30 });
    const stream = client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    await new Promise<void>((resolve) => stream.on('textDelta', () => resolve()));
    const runId = stream.currentRun()!.id;
    stream.abort();
    let run = await client.beta.threads.runs.retrieve(runId, { thread_id: thread.id });
    for (let i = 0; i < 100 && run.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      run = await client.beta.threads.runs.retrieve(runId, { thread_id: thread.id });
    }
    assert.equal(run.status, 'completed');
    assert.equal(fake.aborted, 0);
  });

  it('raises the SDK typed errors: 400 naming the param, 404, and an active-run conflict', async () => {
    const { client, fake } = fx;
    await assert.rejects(client.beta.assistants.list({ limit: 0 }), (err: unknown) => err instanceof Client.BadRequestError && err.param === 'limit');
    await assert.rejects(client.beta.assistants.create({ model: 'gpt-4o', bogus: 1 } as never), (err: unknown) => err instanceof Client.BadRequestError && err.param === 'bogus');
    await assert.rejects(client.beta.threads.retrieve('thread_missing'), (err: unknown) => err instanceof Client.NotFoundError);
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'hi' }] });
    fake.script({ hang: true });
    const run = await client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    await assert.rejects(client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id }), (err: unknown) => err instanceof Client.BadRequestError && /already has an active run/.test(err.message));
    await assert.rejects(client.beta.threads.messages.create(thread.id, { role: 'user', content: 'more' }), (err: unknown) => err instanceof Client.BadRequestError && /while a run/.test(err.message));
    await client.beta.threads.runs.cancel(run.id, { thread_id: thread.id });
    const settled = await client.beta.threads.runs.poll(run.id, { thread_id: thread.id });
    assert.equal(settled.status, 'cancelled');
  });

  it('ends a run incomplete when max_completion_tokens is reached', async () => {
    const { client, fake } = fx;
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Write a long proof.' }] });
    fake.script({ text: ['Proof: ', 'first...'], finish: 'length', usage: { prompt_tokens: 20, completion_tokens: 256 } });
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, max_completion_tokens: 256 });
    assert.equal(run.status, 'incomplete');
    assert.equal(run.incomplete_details?.reason, 'max_completion_tokens');
    assert.equal(fake.requests[0]!.body.max_tokens, 256);
  });

  it('maps provider faults to run status and last_error', async () => {
    const { client, fake } = fx;
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
    const runWith = async (...turns: Parameters<typeof fake.script>) => {
      fake.script(...turns);
      const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'hi' }] });
      return client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    };
    const unauthorized = await runWith({ error: { status: 401 } });
    assert.equal(unauthorized.status, 'failed');
    assert.match(unauthorized.last_error!.message, /API key/);
    const limited = await runWith({ error: { status: 429, headers: { 'retry-after': '0' } } }, { text: ['ok'] });
    assert.equal(limited.status, 'completed');
    const broken = await runWith({ error: { status: 500 } }, { error: { status: 500 } }, { error: { status: 500 } });
    assert.equal(broken.status, 'failed');
    assert.equal(broken.last_error!.code, 'server_error');
    const cut = await runWith({ cutAfter: 2, text: ['a', 'b', 'c', 'd'], graceful: true });
    assert.equal(cut.status, 'failed');
    assert.equal(cut.last_error!.code, 'server_error');
  });
});
