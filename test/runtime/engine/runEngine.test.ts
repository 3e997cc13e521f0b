import * as assert from 'node:assert/strict';
import type { BuiltinTool } from '../../../src/runtime/tools/builtinTool';
import { openFixture, type Fixture } from '../fixture';

/** A real (if tiny) built-in tool: it evaluates `a + b` the model asks for. */
const adder: BuiltinTool = {
  type: 'code_interpreter',
  definition: { type: 'function', function: { name: 'add', parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } } },
  inputOf: (raw) => raw,
  async execute(input) {
    const { a, b } = JSON.parse(input) as { a: number; b: number };
    return { modelOutput: String(a + b), outputs: [{ type: 'logs', logs: String(a + b) }] };
  },
};

describe('run engine', () => {
  let fx: Fixture;
  afterEach(async function () {
    await fx?.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(fx.violations, [], 'responses must match the OpenAPI spec');
  });

  async function threadWith(count: number, words = 5) {
    const assistant = await fx.client.beta.assistants.create({ model: 'gpt-4o', instructions: 'Be brief.' });
    const filler = Array.from({ length: words }, (_, i) => `word${i}`).join(' ');
    const thread = await fx.client.beta.threads.create({ messages: Array.from({ length: count }, (_, i) => ({ role: 'user' as const, content: `#${i} ${filler}` })) });
    return { assistant, thread };
  }

  it('truncation_strategy last_messages keeps only the newest N thread messages', async () => {
    fx = await openFixture();
    const { assistant, thread } = await threadWith(6);
    fx.fake.script({ text: ['ok'] });
    await fx.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, truncation_strategy: { type: 'last_messages', last_messages: 2 } });
    const sent = fx.fake.requests[0]!.body.messages as { role: string; content: string }[];
    assert.deepEqual(sent.map((m) => m.content.split(' ')[0]), ['Be', '#4', '#5']);
  });

  it('max_prompt_tokens drops the oldest messages to fit, and ends incomplete when even the newest does not', async () => {
    fx = await openFixture();
    const { assistant, thread } = await threadWith(8, 60);
    fx.fake.script({ text: ['ok'] });
    const run = await fx.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, max_prompt_tokens: 300 });
    assert.equal(run.status, 'completed');
    const sent = fx.fake.requests[0]!.body.messages as { role: string; content: string }[];
    assert.ok(sent.length < 9 && sent.length >= 2, `sent ${sent.length} messages`);
    assert.equal(sent.at(-1)!.content.split(' ')[0], '#7');

    const huge = await fx.client.beta.threads.create({ messages: [{ role: 'user', content: 'lorem ipsum dolor '.repeat(400) }] });
    const tooBig = await fx.client.beta.threads.runs.createAndPoll(huge.id, { assistant_id: assistant.id, max_prompt_tokens: 256 });
    assert.equal(tooBig.status, 'incomplete');
    assert.equal(tooBig.incomplete_details?.reason, 'max_prompt_tokens');
    assert.equal(fx.fake.requests.length, 1, 'the model is not called for a prompt that cannot fit');
  });

  it('runs built-in tools itself and records them in a tool_calls step', async () => {
    fx = await openFixture({ tools: [adder] });
    const assistant = await fx.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
    const thread = await fx.client.beta.threads.create({ messages: [{ role: 'user', content: 'What is 2 + 3?' }] });
    fx.fake.script({ toolCalls: [{ name: 'add', arguments: '{"a":2,"b":3}' }] }, { text: ['It is 5.'] });
    const run = await fx.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    assert.equal(run.status, 'completed');
    const toolResult = (fx.fake.requests[1]!.body.messages as { role: string; content: string }[]).find((m) => m.role === 'tool');
    assert.equal(toolResult?.content, '5');
    const steps = await fx.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' });
    const details = steps.data[0]!.step_details;
    assert.ok(details.type === 'tool_calls');
    const call = details.tool_calls[0]!;
    assert.ok(call.type === 'code_interpreter');
    assert.equal(call.code_interpreter.input, '{"a":2,"b":3}');
    assert.deepEqual(call.code_interpreter.outputs, [{ type: 'logs', logs: '5' }]);
  });

  it('stops a model that never stops calling tools, failing the run with a clear last_error', async () => {
    fx = await openFixture({ tools: [adder], limits: { maxModelCalls: 4 } });
    const assistant = await fx.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
    const thread = await fx.client.beta.threads.create({ messages: [{ role: 'user', content: 'Loop forever.' }] });
    fx.fake.script(...Array.from({ length: 10 }, () => ({ toolCalls: [{ name: 'add', arguments: '{"a":1,"b":1}' }] })));
    const run = await fx.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    assert.equal(run.status, 'failed');
    assert.equal(run.last_error?.code, 'server_error');
    assert.match(run.last_error!.message, /kept calling tools/);
    assert.equal(fx.fake.requests.length, 4);
  });

  it('expires a run left in requires_action without outputs', async () => {
    fx = await openFixture({ limits: { requiresActionMs: 1_000 } });
    const assistant = await fx.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'f' } }] });
    const thread = await fx.client.beta.threads.create({ messages: [{ role: 'user', content: 'call f' }] });
    fx.fake.script({ toolCalls: [{ name: 'f', arguments: '{}' }] });
    const waiting = await fx.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    assert.equal(waiting.status, 'requires_action');
    // expires_at is in whole seconds (rounded up), so the run expires 1–2 s after requires_action.
    let expired = waiting;
    for (let i = 0; i < 40 && expired.status !== 'expired'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      expired = await fx.client.beta.threads.runs.retrieve(waiting.id, { thread_id: thread.id });
    }
    assert.equal(expired.status, 'expired');
    assert.ok(Date.now() / 1000 >= waiting.expires_at!, 'not before expires_at');
    await assert.rejects(fx.client.beta.threads.runs.submitToolOutputs(waiting.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: waiting.required_action!.submit_tool_outputs.tool_calls[0]!.id, output: 'late' }] }));
  });

  it('applies additional_messages and additional_instructions to the run', async () => {
    fx = await openFixture();
    const assistant = await fx.client.beta.assistants.create({ model: 'gpt-4o', instructions: 'Base.' });
    const thread = await fx.client.beta.threads.create();
    fx.fake.script({ text: ['ok'] });
    await fx.client.beta.threads.runs.createAndPoll(thread.id, {
      assistant_id: assistant.id,
      additional_instructions: 'Give hints first.',
      additional_messages: [{ role: 'user', content: 'Solve x^2 = 4.' }],
    });
    const sent = fx.fake.requests[0]!.body.messages as { role: string; content: string }[];
    assert.deepEqual(sent, [{ role: 'system', content: 'Base.\n\nGive hints first.' }, { role: 'user', content: 'Solve x^2 = 4.' }]);
    const listed = await fx.client.beta.threads.messages.list(thread.id);
    assert.equal(listed.data.length, 2);
  });
});
