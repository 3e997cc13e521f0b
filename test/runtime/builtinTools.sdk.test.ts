import * as assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';
import OpenAI6 from 'openai-v6';
import type { ChatBody } from '../../harness/fakeModel';
import { openFixture, type Fixture } from './fixture';

const QUESTION = 'I need to solve the equation `3x + 11 = 14`. Can you help me?';
const CODE = 'x = (14 - 11) / 3\nprint(f"x = {x}")';
/** A 1×1 PNG written with the standard library only (Pyodide has no Pillow). */
const PNG_CODE = [
  'import struct, zlib',
  'def chunk(kind, data):',
  '    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)',
  'png = b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"\\x00\\xff\\x00\\x00")) + chunk(b"IEND", b"")',
  'open("/mnt/data/dot.png", "wb").write(png)',
  'open("/mnt/data/roots.csv", "w").write("x\\n1\\n")',
  'print("saved")',
].join('\n');

/** The tool result the runtime sent back to the model for a call, from the model's next request. */
function toolResult(body: ChatBody, callId: string): string {
  const m = (body.messages as { role: string; tool_call_id?: string; content: string }[]).find((x) => x.role === 'tool' && x.tool_call_id === callId);
  assert.ok(m, `no tool result for ${callId}`);
  return m.content;
}

/** Splits a string into n-character fragments, the way models stream tool arguments. */
function fragments(text: string, size = 7): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const clients: [string, typeof OpenAI][] = [['openai 7', OpenAI], ['openai 6', OpenAI6 as unknown as typeof OpenAI]];

describe('built-in tools through the real SDK (real Pyodide, scripted model)', function () {
  this.timeout(120_000);
  let fx: Fixture;
  afterEach(async function () {
    await fx?.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(fx.violations, [], 'responses must match the OpenAPI spec');
  });

  for (const [sdk, Client] of clients) {
    it(`runs the seed walkthrough with the code interpreter (${sdk}): input and output deltas, then the step`, async () => {
      fx = await openFixture({}, Client);
      const { client, fake } = fx;
      const assistant = await client.beta.assistants.create({ name: 'Math Tutor', instructions: 'You are a personal math tutor. Write and run code to answer math questions.', tools: [{ type: 'code_interpreter' }], model: 'gpt-4o' });
      const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: QUESTION }] });
      fake.script({ toolCalls: [{ id: 'call_py', name: 'python', arguments: fragments(JSON.stringify({ code: CODE })) }] }, { text: ['Subtract 11, then divide by 3: ', '$x = 1$.'] });

      const created: string[] = [];
      let input = '';
      const logs: string[] = [];
      const stream = client.beta.threads.runs
        .stream(thread.id, { assistant_id: assistant.id })
        .on('toolCallCreated', (call) => created.push(call.type))
        .on('toolCallDelta', (delta) => {
          if (delta.type !== 'code_interpreter') return;
          input += delta.code_interpreter?.input ?? '';
          for (const o of delta.code_interpreter?.outputs ?? []) if (o.type === 'logs') logs.push(o.logs ?? '');
        });
      const run = await stream.finalRun();
      assert.equal(run.status, 'completed');
      assert.deepEqual(created, ['code_interpreter']);
      assert.equal(input, CODE, 'the code streams as code_interpreter.input while the model writes it');
      assert.match(logs.join(''), /x = 1\.0/);

      // The model saw its own call (by the name it used) and the interpreter's output.
      const second = fake.requests[1]!.body;
      const call = (second.messages as { role: string; tool_calls?: { function: { name: string; arguments: string } }[] }[]).find((m) => m.tool_calls)!;
      assert.equal(call.tool_calls![0]!.function.name, 'python');
      assert.match(toolResult(second, 'call_py'), /x = 1\.0/);
      assert.ok((fake.requests[0]!.body.tools as { function: { name: string } }[]).some((t) => t.function.name === 'python'));

      const steps = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' });
      assert.deepEqual(steps.data.map((s) => s.type), ['tool_calls', 'message_creation']);
      const details = steps.data[0]!.step_details;
      assert.ok(details.type === 'tool_calls');
      const ci = details.tool_calls[0]!;
      assert.ok(ci.type === 'code_interpreter');
      assert.equal(ci.code_interpreter.input, CODE);
      assert.ok(ci.code_interpreter.outputs.some((o) => o.type === 'logs' && o.logs.includes('x = 1.0')));
    });
  }

  it('keeps interpreter state between calls in a thread, and returns images and files it writes', async () => {
    fx = await openFixture();
    const { client, fake } = fx;
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Make me a picture and a table.' }] });
    fake.script(
      { toolCalls: [{ id: 'call_a', name: 'python', arguments: JSON.stringify({ code: 'answer = 42' }) }] },
      { toolCalls: [{ id: 'call_b', name: 'python', arguments: JSON.stringify({ code: `print(answer)\n${PNG_CODE}` }) }] },
      { text: ['Here is [the table](sandbox:/mnt/data/roots.csv).'] },
    );
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    assert.equal(run.status, 'completed');
    assert.match(toolResult(fake.requests[2]!.body, 'call_b'), /^42$/m, 'a variable from the first call is there in the second');

    const steps = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' });
    const outputs = steps.data.flatMap((s) => (s.step_details.type === 'tool_calls' ? s.step_details.tool_calls : [])).flatMap((c) => (c.type === 'code_interpreter' ? c.code_interpreter.outputs : []));
    const image = outputs.find((o) => o.type === 'image');
    assert.ok(image && image.type === 'image', 'the PNG comes back as an image output');
    const png = Buffer.from(await (await client.files.content(image.image.file_id)).arrayBuffer());
    assert.equal(png.subarray(1, 4).toString(), 'PNG');

    const [answer] = (await client.beta.threads.messages.list(thread.id, { order: 'desc', limit: 1 })).data;
    const text = answer!.content[0]!;
    assert.ok(text.type === 'text');
    const link = text.text.annotations.find((a) => a.type === 'file_path');
    assert.ok(link && link.type === 'file_path', 'the sandbox link becomes a file_path annotation');
    assert.equal(text.text.value.slice(link.start_index, link.end_index), link.text);
    assert.equal(link.text, 'sandbox:/mnt/data/roots.csv');
    assert.equal(await (await client.files.content(link.file_path.file_id)).text(), 'x\n1\n');
  });

  it('puts files attached to a message, and the assistant\'s code interpreter files, under /mnt/data', async () => {
    fx = await openFixture();
    const { client, fake } = fx;
    const data = await client.files.create({ file: await toFile(Buffer.from('x,y\n1,2\n3,4\n'), 'points.csv'), purpose: 'assistants' });
    const notes = await client.files.create({ file: await toFile(Buffer.from('remember: 42'), 'notes.txt'), purpose: 'assistants' });
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }], tool_resources: { code_interpreter: { file_ids: [notes.id] } } });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Sum the y column.', attachments: [{ file_id: data.id, tools: [{ type: 'code_interpreter' }] }] }] });
    const code = 'import csv, os\nprint(sorted(os.listdir("/mnt/data")))\nprint(sum(int(r["y"]) for r in csv.DictReader(open("/mnt/data/points.csv"))))';
    fake.script({ toolCalls: [{ id: 'call_csv', name: 'python', arguments: JSON.stringify({ code }) }] }, { text: ['The y column sums to 6.'] });
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    assert.equal(run.status, 'completed');
    const result = toolResult(fake.requests[1]!.body, 'call_csv');
    assert.match(result, /\['notes\.txt', 'points\.csv'\]/);
    assert.match(result, /^6$/m);
  });

  it('searches the assistant\'s files and cites them: annotations point at the marker, content only with include[]', async () => {
    fx = await openFixture();
    const { client, fake } = fx;
    const files = await Promise.all([
      client.files.create({ file: await toFile(Buffer.from('# Quadratics\nThe discriminant b^2 - 4ac tells how many real roots a quadratic has.'), 'quadratics.md'), purpose: 'assistants' }),
      client.files.create({ file: await toFile(Buffer.from('# Primes\nA prime has exactly two divisors: one and itself.'), 'primes.md'), purpose: 'assistants' }),
    ]);
    const store = await client.vectorStores.create({ name: 'notes', file_ids: files.map((f) => f.id) });
    await fx.runtime.vectorStores.idle();
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: [store.id] } } });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'What does the discriminant tell me?' }] });
    let marker = '';
    fake.script(
      { toolCalls: [{ id: 'call_fs', name: 'file_search', arguments: JSON.stringify({ queries: ['discriminant roots'] }) }] },
      {
        // Cite the first passage the way the tool told the model to: with its marker.
        respond: (body) => {
          marker = /【[^】]+】/.exec(toolResult(body, 'call_fs'))![0];
          return { text: [`It tells how many real roots there are ${marker}.`] };
        },
      },
    );
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    assert.equal(run.status, 'completed');
    assert.match(marker, /quadratics\.md/);

    const [answer] = (await client.beta.threads.messages.list(thread.id, { order: 'desc', limit: 1 })).data;
    const text = answer!.content[0]!;
    assert.ok(text.type === 'text');
    const citation = text.text.annotations.find((a) => a.type === 'file_citation');
    assert.ok(citation && citation.type === 'file_citation');
    assert.equal(text.text.value.slice(citation.start_index, citation.end_index), marker);
    assert.equal(citation.file_citation.file_id, files[0]!.id);

    const plain = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' });
    const withContent = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc', include: ['step_details.tool_calls[*].file_search.results[*].content'] });
    const results = (page: typeof plain) => page.data.flatMap((s) => (s.step_details.type === 'tool_calls' ? s.step_details.tool_calls : [])).flatMap((c) => (c.type === 'file_search' ? c.file_search.results ?? [] : []));
    assert.equal(results(plain)[0]!.file_name, 'quadratics.md');
    assert.equal(results(plain)[0]!.content, undefined);
    assert.match(results(withContent)[0]!.content![0]!.text!, /discriminant/);
  });
});
