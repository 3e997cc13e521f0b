// Built-in tools on the Responses API through the real SDK (openai 7 and 6): the code interpreter
// in a container (real Pyodide) and file search with citations, every body and event checked
// against the spec; the scripted model is the only fake.
import * as assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import OpenAI6 from 'openai-v6';
import type { ChatBody } from '../../harness/fakeModel';
import { openFixture, type Fixture } from './fixture';

const clients: [string, typeof OpenAI][] = [['openai 7', OpenAI], ['openai 6', OpenAI6 as unknown as typeof OpenAI]];
const INSTRUCTIONS = 'You are a personal math tutor. When I ask you a math question, write and run code to answer the question.';
const CODE = 'x = (14 - 11) / 3\nprint(f"x = {x}")';

/** The tool results the runtime sent back to the model, in order, from one of its requests. */
function toolResults(body: ChatBody): string[] {
  return (body.messages as { role: string; content: string }[]).filter((m) => m.role === 'tool').map((m) => m.content);
}

function chats(fx: Fixture): ChatBody[] {
  return fx.fake.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body);
}

/** Splits a string into n-character fragments, the way models stream tool arguments. */
function fragments(text: string, size = 7): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const isStatus = (status: number, pattern?: RegExp) => (err: unknown) => (err as { status?: number }).status === status && (!pattern || pattern.test(String((err as Error).message)));

describe('built-in tools on the Responses API through the real SDK (real Pyodide, scripted model)', function () {
  this.timeout(120_000);
  let fx: Fixture;
  afterEach(async function () {
    await fx?.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(fx.violations, [], 'responses must match the OpenAPI spec');
  });

  for (const [sdk, Client] of clients) {
    it(`the seed walkthrough on Responses (${sdk}): code streams in a container, runs, and the answer follows`, async () => {
      fx = await openFixture({}, Client);
      const { client, fake } = fx;
      fake.script({ toolCalls: [{ id: 'call_py', name: 'python', arguments: fragments(JSON.stringify({ code: CODE })) }] }, { text: ['Subtract 11, then divide by 3: ', '$x = 1$.'] });
      const types: string[] = [];
      let code = '';
      const stream = client.responses
        .stream({
          model: 'gpt-4o',
          instructions: INSTRUCTIONS,
          input: 'I need to solve the equation `3x + 11 = 14`. Can you help me?',
          tools: [{ type: 'code_interpreter', container: { type: 'auto' } }],
          include: ['code_interpreter_call.outputs'],
        })
        .on('response.code_interpreter_call_code.delta', (e) => (code += e.delta))
        .on('event', (e) => types.push(e.type));
      const final = await stream.finalResponse();
      assert.equal(final.status, 'completed');
      assert.equal(code, CODE, 'the code streams as the model writes it');
      const call = final.output.find((o) => o.type === 'code_interpreter_call');
      assert.ok(call && call.type === 'code_interpreter_call');
      assert.match(call.container_id, /^cntr_/);
      assert.equal(call.code, CODE);
      assert.ok(call.outputs?.some((o) => o.type === 'logs' && /x = 1\.0/.test(o.logs)), 'include asked for the outputs');
      assert.deepEqual(final.output.map((o) => o.type), ['code_interpreter_call', 'message']);
      const order = ['response.output_item.added', 'response.code_interpreter_call.in_progress', 'response.code_interpreter_call_code.delta', 'response.code_interpreter_call_code.done', 'response.code_interpreter_call.interpreting', 'response.code_interpreter_call.completed', 'response.output_item.done', 'response.output_text.delta', 'response.completed'];
      const firstAt = order.map((t) => types.indexOf(t));
      assert.deepEqual([...firstAt].sort((a, b) => a - b), firstAt, `events in order: ${types.join(', ')}`);
      assert.ok(firstAt.every((i) => i >= 0));
      assert.match(toolResults(chats(fx)[1]!)[0]!, /x = 1\.0/, 'the model read the output back');
      assert.ok((chats(fx)[0]!.tools as { function: { name: string } }[]).some((t) => t.function.name === 'python'));

      // Without include the stored outputs stay hidden; the next response in the chain runs in the same container, state and all.
      const plain = await client.responses.retrieve(final.id);
      const hidden = plain.output.find((o) => o.type === 'code_interpreter_call');
      assert.ok(hidden && hidden.type === 'code_interpreter_call' && hidden.outputs === null);
      fake.script({ toolCalls: [{ name: 'python', arguments: JSON.stringify({ code: 'print(x * 3 + 11)' }) }] }, { text: ['Checked: 14.'] });
      const next = await client.responses.create({ model: 'gpt-4o', previous_response_id: final.id, input: 'Check it.', tools: [{ type: 'code_interpreter', container: { type: 'auto' } }] });
      const again = next.output.find((o) => o.type === 'code_interpreter_call');
      assert.ok(again && again.type === 'code_interpreter_call');
      assert.equal(again.container_id, call.container_id, 'auto reuses the container of the earlier call');
      assert.match(toolResults(chats(fx).at(-1)!).at(-1)!, /^14\.0$/m, 'x from the first response is still defined');
      const container = await client.containers.retrieve(call.container_id);
      assert.equal(container.status, 'running');
      await client.containers.delete(call.container_id);
      await assert.rejects(client.containers.retrieve(call.container_id), isStatus(404));
    });
  }

  it('a named container keeps its files; a file the code writes is cited as a container file', async () => {
    fx = await openFixture();
    const { client, fake } = fx;
    const data = await client.files.create({ file: await toFile(Buffer.from('x,y\n1,2\n3,4\n'), 'points.csv'), purpose: 'assistants' });
    const container = await client.containers.create({ name: 'homework', file_ids: [data.id] });
    fake.script(
      { toolCalls: [{ name: 'python', arguments: JSON.stringify({ code: 'import os\nrows = open("/mnt/data/points.csv").read().splitlines()\nopen("/mnt/data/sum.txt", "w").write(str(len(rows)))\nprint(sorted(os.listdir("/mnt/data")))' }) }] },
      { text: ['Saved [the count](sandbox:/mnt/data/sum.txt).'] },
    );
    const response = await client.responses.create({ model: 'gpt-4o', input: 'Count the rows.', tools: [{ type: 'code_interpreter', container: container.id }] });
    assert.match(toolResults(chats(fx)[1]!)[0]!, /points\.csv/);
    const message = response.output.find((o) => o.type === 'message');
    assert.ok(message && message.type === 'message');
    const part = message.content[0]!;
    assert.ok(part.type === 'output_text');
    const citation = part.annotations.find((a) => a.type === 'container_file_citation');
    assert.ok(citation && citation.type === 'container_file_citation', JSON.stringify(part.annotations));
    assert.equal(citation.container_id, container.id);
    assert.equal(citation.filename, 'sum.txt');
    assert.equal(part.text.slice(citation.start_index, citation.end_index), 'sandbox:/mnt/data/sum.txt');
    assert.equal(await (await client.files.content(citation.file_id)).text(), '3');
    const listed = await client.containers.list();
    assert.ok(listed.data.some((c) => c.id === container.id));
  });

  for (const [sdk, Client] of clients) {
    it(`file search with citations (${sdk}): the marker leaves the text and becomes an annotation at its place`, async () => {
      fx = await openFixture({}, Client);
      const { client, fake } = fx;
      const files = await Promise.all([
        client.files.create({ file: await toFile(Buffer.from('# Quadratics\nThe discriminant b^2 - 4ac tells how many real roots a quadratic has.'), 'quadratics.md'), purpose: 'assistants' }),
        client.files.create({ file: await toFile(Buffer.from('# Primes\nA prime has exactly two divisors: one and itself.'), 'primes.md'), purpose: 'assistants' }),
      ]);
      const store = await client.vectorStores.create({ name: 'notes', file_ids: files.map((f) => f.id) });
      await fx.runtime.vectorStores.idle();
      let marker = '';
      fake.script(
        { toolCalls: [{ name: 'file_search', arguments: fragments(JSON.stringify({ queries: ['discriminant roots'] })) }] },
        {
          respond: (body) => {
            marker = /【[^】]+】/.exec(toolResults(body)[0]!)![0];
            // The marker is split across deltas, as models stream it.
            return { text: ['It tells how many real roots there are ', marker.slice(0, 3), marker.slice(3), '. Which case is yours?'] };
          },
        },
      );
      const annotations: unknown[] = [];
      const stream = client.responses
        .stream({ model: 'gpt-4o', input: 'What does the discriminant tell me?', tools: [{ type: 'file_search', vector_store_ids: [store.id] }], include: ['file_search_call.results'] })
        .on('response.output_text.annotation.added', (e) => annotations.push(e.annotation));
      const final = await stream.finalResponse();
      assert.match(marker, /quadratics\.md/);
      const search = final.output.find((o) => o.type === 'file_search_call');
      assert.ok(search && search.type === 'file_search_call');
      assert.deepEqual(search.queries, ['discriminant roots']);
      assert.equal(search.results?.[0]?.filename, 'quadratics.md');
      assert.match(search.results?.[0]?.text ?? '', /discriminant/);
      const message = final.output.find((o) => o.type === 'message');
      assert.ok(message && message.type === 'message');
      const part = message.content[0]!;
      assert.ok(part.type === 'output_text');
      const text = 'It tells how many real roots there are . Which case is yours?';
      assert.equal(part.text, text, 'no marker left in the text');
      assert.deepEqual(part.annotations, [{ type: 'file_citation', file_id: files[0]!.id, filename: 'quadratics.md', index: text.indexOf(' .') + 1 }]);
      assert.deepEqual(annotations, part.annotations, 'the annotation streamed as it was found');

      const stored = await client.responses.retrieve(final.id);
      const plain = stored.output.find((o) => o.type === 'file_search_call');
      assert.ok(plain && plain.type === 'file_search_call' && plain.results === null, 'results only with include');
    });
  }

  it('cancelling a background response while its code runs: the running call and the one after it end incomplete, nothing stays in progress', async () => {
    fx = await openFixture();
    const { client, fake } = fx;
    fake.script({ toolCalls: [
      { name: 'python', arguments: JSON.stringify({ code: 'import time\ntime.sleep(30)' }) },
      { name: 'python', arguments: JSON.stringify({ code: 'print("never")' }) },
    ] });
    const stream = await client.responses.create({ model: 'gpt-4o', input: 'Take your time.', tools: [{ type: 'code_interpreter', container: { type: 'auto' } }], background: true, stream: true });
    let id = '';
    for await (const event of stream) {
      if (event.type === 'response.created') id = event.response.id;
      if (event.type === 'response.code_interpreter_call.interpreting') break;
    }
    const cancelled = await client.responses.cancel(id);
    assert.equal(cancelled.status, 'cancelled');
    const calls = cancelled.output.filter((o) => o.type === 'code_interpreter_call');
    assert.equal(calls.length, 2);
    assert.deepEqual(calls.map((c) => c.status), ['incomplete', 'incomplete']);
    const stored = await client.responses.retrieve(id);
    assert.deepEqual(stored.output.map((o) => (o as { status?: string }).status), ['incomplete', 'incomplete']);
  });

  it('a response continued in a conversation reads its earlier tool calls back; bad tools are refused before the model is asked', async () => {
    fx = await openFixture();
    const { client, fake } = fx;
    const conversation = await client.conversations.create({});
    fake.script({ toolCalls: [{ name: 'python', arguments: JSON.stringify({ code: 'print(2 ** 10)' }) }] }, { text: ['1024.'] }, { text: ['Yes, 2^10 = 1024.'] });
    const tools = [{ type: 'code_interpreter' as const, container: { type: 'auto' as const } }];
    await client.responses.create({ model: 'gpt-4o', conversation: conversation.id, input: 'What is 2^10?', tools });
    await client.responses.create({ model: 'gpt-4o', conversation: conversation.id, input: 'Sure?' });
    const read = chats(fx).at(-1)!.messages as { role: string; content: string | null; tool_calls?: { function: { name: string; arguments: string } }[] }[];
    assert.deepEqual(read.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant', 'user']);
    assert.equal(read[1]!.tool_calls![0]!.function.name, 'python');
    assert.equal(read[2]!.content, '1024', 'the code\'s output is read back from the stored item');
    const items = await client.conversations.items.list(conversation.id, { order: 'asc', include: ['code_interpreter_call.outputs'] });
    const call = items.data.find((i) => i.type === 'code_interpreter_call');
    assert.ok(call && call.type === 'code_interpreter_call' && call.outputs?.[0]?.type === 'logs');

    const asked = chats(fx).length;
    await assert.rejects(client.responses.create({ model: 'gpt-4o', input: 'x', tools: [{ type: 'file_search', vector_store_ids: ['vs_missing'] }] }), isStatus(404, /vs_missing/));
    await assert.rejects(client.responses.create({ model: 'gpt-4o', input: 'x', tools: [{ type: 'code_interpreter', container: 'cntr_missing' }] }), isStatus(404, /cntr_missing/));
    await assert.rejects(client.responses.create({ model: 'gpt-4o', input: 'x', tools: [{ type: 'web_search' } as never] }), isStatus(400, /web_search tool is not offered/));
    await assert.rejects(client.responses.create({ model: 'gpt-4o', input: 'x', tools: [{ type: 'code_interpreter', container: { type: 'auto', file_ids: ['file-missing'] } }] }), isStatus(404, /file-missing/));
    assert.equal(chats(fx).length, asked, 'the model was never asked');
  });
});
