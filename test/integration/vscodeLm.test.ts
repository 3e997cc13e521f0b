// The vscode-lm provider against a real chat model provider: test/fixtures/tutor-test.fake-lm-0.0.1,
// a separate extension the harness installs beside Tutor, registered through vscode.lm like any
// model extension. It scripts its answers from the request (see its extension.js).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SYSTEM_PREFIX } from '../../src/extension/lm/vscodeLmMessages';
import { createVsCodeLmProvider } from '../../src/extension/lm/vscodeLmProvider';
import { type ChatChunk, type ChatRequest, type ChatTool, ProviderError } from '../../src/providers/types';
import { waitFor } from './util';

const FAKE_EXTENSION_ID = 'tutor-test.fake-lm';
const VENDOR = 'tutor-fake';

const calculator: ChatTool = {
  type: 'function',
  function: { name: 'calculate', description: 'Evaluates an arithmetic expression.', parameters: { type: 'object', properties: { expression: { type: 'string' } } } },
};
const grapher: ChatTool = { type: 'function', function: { name: 'plot', parameters: { type: 'object', properties: {} } } };

async function collect(request: ChatRequest, signal = new AbortController().signal, provider = createVsCodeLmProvider({ vendor: VENDOR })): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of provider.streamChat(request, signal)) chunks.push(chunk);
  return chunks;
}

const textOf = (chunks: ChatChunk[]) => chunks.map((c) => (c.type === 'text' ? c.text : '')).join('');

/** What the fake model says it was sent. */
function summaryOf(chunks: ChatChunk[]): { toolMode: string; tools: string[]; messages: { role: string; parts: string[] }[] } {
  const line = textOf(chunks).split('\n').find((l) => l.startsWith('SUMMARY '));
  assert.ok(line, `no SUMMARY in ${textOf(chunks)}`);
  return JSON.parse(line.slice('SUMMARY '.length));
}

async function rejection(work: Promise<unknown>): Promise<ProviderError> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the stream to fail');
}

describe('vscode-lm provider', function () {
  before(async function () {
    const fake = vscode.extensions.getExtension(FAKE_EXTENSION_ID);
    // Desktop runs (TUTOR_TEST_DESKTOP) install no helper extensions.
    if (!fake) this.skip();
    await fake.activate();
  });

  it('finds the fake model through vscode.lm and lists it', async () => {
    const [model] = await vscode.lm.selectChatModels({ vendor: VENDOR });
    assert.equal(model?.id, 'fake-tutor');
    assert.equal(model?.family, 'fake');
    const ids = await createVsCodeLmProvider({ vendor: VENDOR }).listModels(new AbortController().signal);
    assert.deepEqual(ids, ['fake-tutor']);
  });

  it('streams text, then usage, then finish "stop"; system text arrives as a prefixed user message', async () => {
    const chunks = await collect({
      model: 'fake-tutor',
      messages: [{ role: 'system', content: 'Give hints first.' }, { role: 'user', content: 'What is 2 + 2?' }],
    });
    assert.ok(chunks.filter((c) => c.type === 'text').length > 1, 'more than one text chunk');
    assert.match(textOf(chunks), /^You said: What is 2 \+ 2\?\n/);
    assert.deepEqual(summaryOf(chunks).messages, [
      { role: 'user', parts: [`text:${SYSTEM_PREFIX}Give hints first.`] },
      { role: 'user', parts: ['text:What is 2 + 2?'] },
    ]);
    const usage = chunks.find((c) => c.type === 'usage');
    assert.ok(usage && usage.prompt_tokens > 0 && usage.completion_tokens > 0, JSON.stringify(usage));
    assert.deepEqual(chunks.at(-1), { type: 'finish', reason: 'stop' });
  });

  it('picks the model by family too, and with a vendor falls back to any of its models', async () => {
    for (const model of ['fake', 'no-such-model', '']) {
      const chunks = await collect({ model, messages: [{ role: 'user', content: `hello ${model}` }] });
      assert.match(textOf(chunks), new RegExp(`^You said: hello ${model}`));
    }
  });

  it('says which model is missing and how to fix it when none matches', async () => {
    const error = await rejection(collect({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }, undefined, createVsCodeLmProvider()));
    assert.equal(error.kind, 'model_not_found');
    assert.match(error.message, /"no-such-model"/);
    assert.match(error.message, /Tutor: Select Model/);
    const none = await rejection(collect({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }, undefined, createVsCodeLmProvider({ vendor: 'nobody' })));
    assert.equal(none.kind, 'model_not_found');
    assert.match(none.message, /Install or enable an extension that provides chat models/);
  });

  it('yields a tool call with index, id, name and JSON arguments, and finishes with "tool_calls"', async () => {
    const chunks = await collect({
      model: 'fake-tutor',
      messages: [{ role: 'user', content: 'two calls please' }],
      tools: [calculator, grapher],
      tool_choice: 'required',
    });
    const calls = chunks.filter((c) => c.type === 'tool_call');
    assert.deepEqual(calls, [
      { type: 'tool_call', index: 0, id: 'call_fake_1', name: 'calculate', arguments: JSON.stringify({ question: 'two calls please', n: 0 }) },
      { type: 'tool_call', index: 1, id: 'call_fake_2', name: 'plot', arguments: JSON.stringify({ question: 'two calls please', n: 1 }) },
    ]);
    assert.deepEqual(chunks.at(-1), { type: 'finish', reason: 'tool_calls' });
  });

  it('sends earlier tool calls and their results, and the tool mode, the way vscode.lm expects', async () => {
    const chunks = await collect({
      model: 'fake-tutor',
      messages: [
        { role: 'user', content: 'What is 6 * 7?' },
        { role: 'assistant', content: null, tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'calculate', arguments: '{"expression":"6*7"}' } },
          { id: 'call_b', type: 'function', function: { name: 'calculate', arguments: 'not json' } },
        ] },
        { role: 'tool', tool_call_id: 'call_a', content: '42' },
        { role: 'tool', tool_call_id: 'call_b', content: 'error: bad arguments' },
        { role: 'assistant', content: 'It is 42.' },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [calculator, grapher],
      tool_choice: { type: 'function', function: { name: 'calculate' } },
    });
    const summary = summaryOf(chunks);
    assert.equal(summary.toolMode, 'required');
    assert.deepEqual(summary.tools, ['calculate']);
    assert.deepEqual(summary.messages, [
      { role: 'user', parts: ['text:What is 6 * 7?'] },
      { role: 'assistant', parts: ['call:call_a:calculate:{"expression":"6*7"}', 'call:call_b:calculate:{}'] },
      { role: 'user', parts: ['result:call_a:42', 'result:call_b:error: bad arguments'] },
      { role: 'assistant', parts: ['text:It is 42.'] },
      { role: 'user', parts: ['text:Thanks'] },
    ]);
    assert.deepEqual(chunks.at(-1), { type: 'finish', reason: 'stop' });
  });

  it('leaves the tools out for tool_choice "none"', async () => {
    const chunks = await collect({ model: 'fake-tutor', messages: [{ role: 'user', content: 'no tools' }], tools: [calculator], tool_choice: 'none' });
    assert.deepEqual(summaryOf(chunks).tools, []);
    assert.equal(chunks.filter((c) => c.type === 'tool_call').length, 0);
  });

  for (const script of ['slow', 'stubborn']) {
    it(`ends with ProviderError 'aborted' when aborted mid-stream (${script === 'slow' ? 'the model stops' : 'the model ignores cancellation'})`, async () => {
      const controller = new AbortController();
      const seen: ChatChunk[] = [];
      const error = await rejection((async () => {
        for await (const chunk of createVsCodeLmProvider({ vendor: VENDOR }).streamChat({ model: 'fake-tutor', messages: [{ role: 'user', content: script }] }, controller.signal)) {
          seen.push(chunk);
          if (seen.length === 3) controller.abort();
        }
      })());
      assert.equal(error.kind, 'aborted');
      assert.equal(seen.length, 3, 'nothing arrives after the abort');
      assert.ok(seen.every((c) => c.type === 'text'));
      // The model streams 400 ticks (12 s) unless stopped. The caller is let go while a stubborn
      // model is still going; a heeding one is told, and stops.
      const stillStreaming = () => vscode.commands.executeCommand<number>('tutorTest.fakeLm.streaming');
      if (script === 'stubborn') assert.equal(await stillStreaming(), 1, 'the abort did not wait for the model to finish');
      else await waitFor('the model to see the cancellation and stop', async () => (await stillStreaming()) === 0);
    });
  }

  it('fails at once with aborted when the signal is already aborted', async () => {
    const error = await rejection(collect({ model: 'fake-tutor', messages: [{ role: 'user', content: 'hi' }] }, AbortSignal.abort()));
    assert.equal(error.kind, 'aborted');
  });

  it("maps the model's LanguageModelError by code: Blocked is a rate limit", async () => {
    const error = await rejection(collect({ model: 'fake-tutor', messages: [{ role: 'user', content: 'blocked please' }] }));
    assert.equal(error.kind, 'rate_limit');
  });
});
