import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { type FakeModel, startFakeModel } from '../../harness/fakeModel';

/** The raw `data:` payloads of one streamed request, parsed; `[DONE]` kept as a string. */
async function rawStream(fake: FakeModel, body: Record<string, unknown>): Promise<unknown[]> {
  const response = await fetch(`${fake.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [], stream: true, ...body }) });
  assert.equal(response.headers.get('content-type'), 'text/event-stream');
  const text = await response.text();
  return text.split('\n\n').filter(Boolean).map((event) => {
    assert.match(event, /^data: /);
    const data = event.slice('data: '.length);
    return data === '[DONE]' ? data : JSON.parse(data);
  });
}

describe('fake model server', () => {
  let fake: FakeModel;
  beforeEach(async () => { fake = await startFakeModel(); });
  afterEach(() => fake.close());

  it('streams real chunk shapes: role chunk, deltas, finish, usage with no choices, [DONE]', async () => {
    fake.script({ text: ['Hi', '!'], usage: { prompt_tokens: 3, completion_tokens: 2 } });
    const events = await rawStream(fake, { stream_options: { include_usage: true } });
    const [first, , , finish, usage, done] = events as Record<string, unknown>[];
    assert.equal(events.length, 6);
    assert.match(String(first!.id), /^chatcmpl-/);
    assert.deepEqual(
      { ...first, id: 'X', created: 0 },
      { id: 'X', object: 'chat.completion.chunk', created: 0, model: 'm', system_fingerprint: 'fp_fake', usage: null, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] },
    );
    assert.deepEqual((events[1] as { choices: unknown[] }).choices, [{ index: 0, delta: { content: 'Hi' }, logprobs: null, finish_reason: null }]);
    assert.deepEqual(finish!.choices, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    assert.deepEqual(usage!.choices, []);
    assert.deepEqual(usage!.usage, { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
    assert.equal(done, '[DONE]');
    assert.ok(events.slice(0, 5).every((e) => (e as { id: string }).id === first!.id), 'one id for the whole response');
  });

  it('streams a tool call: first fragment with id, type and name, then only arguments', async () => {
    fake.script({ toolCalls: [{ id: 'call_1', name: 'add', arguments: ['{"a":', '1}'] }] });
    const events = (await rawStream(fake, {})) as { choices: { delta: Record<string, unknown>; finish_reason: string | null }[] }[];
    const deltas = events.slice(0, -1).map((e) => e.choices[0]!.delta);
    assert.deepEqual(deltas, [
      { role: 'assistant', content: null },
      { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'add', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '1}' } }] },
      {},
    ]);
    assert.equal(events.at(-2)!.choices[0]!.finish_reason, 'tool_calls');
    assert.equal('usage' in events[0]!, false, 'no usage fields unless asked for');
  });

  it('answers non-streaming requests as one chat.completion the SDK parses', async () => {
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'k', maxRetries: 0 });
    fake.script({ text: ['4', '.'] }, { toolCalls: [{ id: 'call_9', name: 'add', arguments: '{}' }] });
    const text = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: '2+2' }] });
    assert.equal(text.choices[0]!.message.content, '4.');
    assert.equal(text.choices[0]!.finish_reason, 'stop');
    const tools = await client.chat.completions.create({ model: 'm', messages: [] });
    assert.deepEqual(tools.choices[0]!.message.tool_calls, [{ id: 'call_9', type: 'function', function: { name: 'add', arguments: '{}' } }]);
    assert.equal(tools.choices[0]!.finish_reason, 'tool_calls');
  });

  it('answers "OK" when the script is empty, or the configured default', async () => {
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'k', maxRetries: 0 });
    const reply = await client.chat.completions.create({ model: 'm', messages: [] });
    assert.equal(reply.choices[0]!.message.content, 'OK');
    const quiet = await startFakeModel({ defaultTurn: { text: 'default' } });
    try {
      const other = new OpenAI({ baseURL: quiet.url, apiKey: 'k', maxRetries: 0 });
      assert.equal((await other.chat.completions.create({ model: 'm', messages: [] })).choices[0]!.message.content, 'default');
    } finally {
      await quiet.close();
    }
  });

  it('builds dynamic replies with respond, and records each request', async () => {
    fake.script({ respond: (body) => ({ text: `you sent ${body.messages!.length} message(s) to ${body.model}` }) });
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'k', maxRetries: 0, defaultQuery: { v: '1' } });
    const reply = await client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: 'a' }] });
    assert.equal(reply.choices[0]!.message.content, 'you sent 1 message(s) to tiny');
    assert.equal(fake.requests.length, 1);
    const [request] = fake.requests;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.path, '/v1/chat/completions');
    assert.deepEqual(request!.query, { v: '1' });
    assert.equal(request!.headers.authorization, 'Bearer k');
    assert.deepEqual(request!.body, { model: 'tiny', messages: [{ role: 'user', content: 'a' }] });
  });

  it('sends OpenAI-shaped errors with the scripted status and headers', async () => {
    fake.script({ error: { status: 429, headers: { 'retry-after': '1' } } });
    const response = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '1');
    assert.deepEqual(await response.json(), { error: { message: 'Fake error (HTTP 429)', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
  });

  it('counts a client that goes away as an abort, and a server cut not', async () => {
    fake.script({ cutAfter: 1, text: ['a'] }, { hang: true });
    await rawStream(fake, {}).catch(() => {});
    const controller = new AbortController();
    const hanging = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: '{"stream":true}', signal: controller.signal });
    assert.equal(fake.aborted, 0);
    controller.abort();
    await hanging.text().catch(() => {});
    await fake.waitForAbort(2_000);
    assert.equal(fake.aborted, 1);
    await assert.rejects(fake.waitForAbort(50, 2), /saw 1 aborted request/);
  });

  it('closes with a request still hanging', async () => {
    fake.script({ hang: true });
    const hanging = fetch(`${fake.url}/chat/completions`, { method: 'POST', body: '{"stream":true}' }).then((r) => r.text());
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await fake.close();
    await assert.rejects(hanging);
    assert.equal(fake.aborted, 0, 'closing the fake is not a client abort');
  });
});
