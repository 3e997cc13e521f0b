// The Responses and Conversations APIs over TCP: `tutor-assistants serve` as a child process, the
// real SDK (openai 7 and 6) as a client, and every body and stream event checked against the spec.
import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import OpenAI6 from 'openai-v6';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { startServe, stop } from '../../harness/serveProcess';
import { specViolations } from '../runtime/specWatch';

const clients: [string, typeof OpenAI][] = [['openai 7', OpenAI], ['openai 6', OpenAI6 as unknown as typeof OpenAI]];

describe('tutor-assistants serve: Responses and Conversations over TCP', function () {
  this.timeout(120_000);
  let fake: FakeModel;
  before(async () => {
    fake = await startFakeModel();
  });
  after(async () => fake.close());

  for (const [sdk, Client] of clients) it(`${sdk}: streams, polls a background response, round-trips a function call, and continues a conversation the Assistants API sees`, async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'tutor-serve-responses-'));
    const server = await startServe(['serve', '--port', '0', '--data', data, '--provider-url', fake.url, '--token', 'responses-t0ken-serve'], { env: {} });
    const violations: string[] = [];
    const pending: Promise<void>[] = [];
    try {
      const client = new Client({
        apiKey: 'responses-t0ken-serve', baseURL: server.url, maxRetries: 0,
        fetch: async (url: string | URL | Request, init?: RequestInit) => specViolations(await fetch(url, init), violations, String(url), pending),
      });

      fake.script({ text: ['Subtract ', '11 first.'] });
      const deltas: string[] = [];
      const streamed = await client.responses.stream({ model: 'gpt-4o', instructions: 'You are a math tutor.', input: 'Solve 3x + 11 = 14' })
        .on('response.output_text.delta', (e) => deltas.push(e.delta)).finalResponse();
      assert.deepEqual(deltas, ['Subtract ', '11 first.']);
      assert.equal(streamed.status, 'completed');

      fake.script({ text: ['Background ', 'answer'], delayMs: 10 });
      let polled = await client.responses.create({ model: 'gpt-4o', input: 'later', background: true });
      while (polled.status === 'queued' || polled.status === 'in_progress') {
        await new Promise((r) => setTimeout(r, 20));
        polled = await client.responses.retrieve(polled.id);
      }
      assert.equal(polled.output_text, 'Background answer');

      fake.script({ toolCalls: [{ name: 'check', arguments: ['{"x": 1}'] }] }, { text: ['Right.'] });
      const tools = [{ type: 'function' as const, name: 'check', parameters: { type: 'object' }, strict: false }];
      const asked = await client.responses.create({ model: 'gpt-4o', input: 'x = 1?', tools });
      const call = asked.output.find((o) => o.type === 'function_call');
      assert.ok(call?.type === 'function_call');
      const answered = await client.responses.create({ model: 'gpt-4o', tools, previous_response_id: asked.id, input: [{ type: 'function_call_output', call_id: call.call_id, output: 'true' }] });
      assert.equal(answered.output_text, 'Right.');

      const conversation = await client.conversations.create({ items: [{ type: 'message', role: 'user', content: 'Hello' }] });
      fake.script({ text: ['Hi, what shall we solve?'] });
      await client.responses.create({ model: 'gpt-4o', conversation: conversation.id, input: 'Can you help?' });
      const messages = await client.beta.threads.messages.list(conversation.id, { order: 'asc' });
      assert.deepEqual(messages.data.map((m) => m.role), ['user', 'user', 'assistant']);
      const items = await client.conversations.items.list(conversation.id, { order: 'asc' });
      assert.deepEqual(items.data.map((i) => i.id), messages.data.map((m) => m.id));

      // The code interpreter in a container made by the API: code streams, runs in the server's sandbox, and is read back.
      const container = await client.containers.create({ name: 'tcp' });
      fake.script({ toolCalls: [{ name: 'python', arguments: ['{"code": "print(', '(14 - 11) / 3)"}'] }] }, { text: ['x = 1.'] });
      let code = '';
      const ran = await client.responses.stream({ model: 'gpt-4o', input: 'Solve 3x + 11 = 14 with code', tools: [{ type: 'code_interpreter', container: container.id }], include: ['code_interpreter_call.outputs'] })
        .on('response.code_interpreter_call_code.delta', (e) => (code += e.delta)).finalResponse();
      assert.equal(code, 'print((14 - 11) / 3)');
      const ci = ran.output.find((o) => o.type === 'code_interpreter_call');
      assert.ok(ci?.type === 'code_interpreter_call' && ci.container_id === container.id);
      assert.ok(ci.outputs?.some((o) => o.type === 'logs' && o.logs.includes('1.0')), JSON.stringify(ci.outputs));
      assert.equal((await client.containers.list()).data[0]?.id, container.id);

      // The rest of the calls: cancel, input items, and every conversations call.
      fake.script({ text: Array.from({ length: 500 }, (_, i) => `${i} `), delayMs: 20 });
      const slow = await client.responses.create({ model: 'gpt-4o', input: 'Count slowly.', background: true });
      const cancelled = await client.responses.cancel(slow.id);
      assert.equal(cancelled.status, 'cancelled');
      const inputs = await client.responses.inputItems.list(slow.id);
      assert.deepEqual(inputs.data.map((i) => i.type), ['message']);
      assert.equal((await client.conversations.retrieve(conversation.id)).id, conversation.id);
      const updated = await client.conversations.update(conversation.id, { metadata: { course: 'algebra' } });
      assert.deepEqual(updated.metadata, { course: 'algebra' });
      const firstId = messages.data[0]!.id;
      const first = await client.conversations.items.retrieve(firstId, { conversation_id: conversation.id });
      assert.equal(first.id, firstId);
      await client.conversations.items.delete(firstId, { conversation_id: conversation.id });
      assert.equal((await client.conversations.items.list(conversation.id)).data.length, items.data.length - 1);
      assert.equal((await client.conversations.delete(conversation.id)).deleted, true);
      await client.responses.delete(slow.id);
      await Promise.all(pending);
      assert.deepEqual(violations, []);
    } finally {
      assert.equal(await stop(server), 0, server.output());
    }
  });
});
