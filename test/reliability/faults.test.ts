/**
 * @both-drivers (the runner repeats this suite on Node 24 with node:sqlite)
 *
 * Provider faults (issue #6 §1): every way the model server can fail, scripted on the fake model
 * and seen through the real SDK. Each must end the run as `failed` with the right
 * `last_error.code` and a message that says what happened, leave no step in progress and any
 * partial answer `incomplete`, and leave the thread ready for the next run.
 */
import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { createProviderFactory } from '../../src/providers/factory';
import type { Runtime } from '../../src/runtime/runtime';
import { DEFAULT_LIMITS } from '../../src/runtime/engine/runEngine';
import { openRuntime } from '../../src/runtime/open';
import { startFakeModel, type FakeModel, type Turn } from '../../harness/fakeModel';

/** The provider's silence limit for the hang case; small so the suite stays quick. */
const PROVIDER_TIMEOUT_MS = 1_000;
/** The engine's default cap on model calls per run. */
const MAX_MODEL_CALLS = DEFAULT_LIMITS.maxModelCalls;

interface Fault {
  name: string;
  /** What the fake answers, one turn per model request the run will make. */
  turns: Turn[];
  code: 'invalid_prompt' | 'rate_limit_exceeded' | 'server_error';
  /** What the message must say, so a person knows what happened. */
  says: RegExp;
  /** Text the partial answer keeps, when one was started. */
  partial?: string;
  /** Drives the run with function outputs (for the runaway tool loop). */
  tools?: boolean;
}

const FAULTS: Fault[] = [
  { name: '401 unauthorized', turns: [{ error: { status: 401 } }], code: 'invalid_prompt', says: /rejected the API key.*Set a valid key/ },
  {
    name: '429 with retry-after: 1',
    // Retried twice after the server's retry-after (1 s each), then given up.
    turns: [1, 2, 3].map(() => ({ error: { status: 429, headers: { 'retry-after': '1' } } })),
    code: 'rate_limit_exceeded',
    says: /rate limiting.*Wait a moment/,
  },
  { name: '500 server error', turns: [1, 2, 3].map(() => ({ error: { status: 500 } })), code: 'server_error', says: /provider failed.*500/ },
  { name: 'hang after headers', turns: [{ hang: true }], code: 'server_error', says: /did not answer: The model server stopped sending: nothing arrived for 1 s\. Check that it is running/ },
  { name: 'stream cut mid-answer', turns: [{ cutAfter: 3, text: ['The ', 'answer ', 'is ', '42.'] }], code: 'server_error', says: /ended early/, partial: 'The answer is ' },
  { name: 'malformed chunk', turns: [1, 2, 3].map(() => ({ malformed: true as const })), code: 'server_error', says: /malformed stream chunk/ },
  {
    name: 'tool calls that never stop',
    turns: Array.from({ length: MAX_MODEL_CALLS }, () => ({ toolCalls: [{ name: 'lookup', arguments: '{"q":"more"}' }] })),
    code: 'server_error',
    says: /kept calling tools: stopped after 16 model calls/,
    tools: true,
  },
];

interface Row { fault: string; status: string; code: string; ms: number; requests: number; message: string }

describe('provider faults through the SDK', function () {
  this.timeout(120_000);
  let fake: FakeModel;
  let runtime: Runtime;
  let client: OpenAI;
  let assistantId: string;
  const rows: Row[] = [];

  before(async () => {
    fake = await startFakeModel();
    runtime = await openRuntime({ providers: createProviderFactory({ kind: 'custom', providerUrl: fake.url, timeoutMs: PROVIDER_TIMEOUT_MS }) });
    // In-process, as the extension talks to it; the same handler serves `tutor-assistants serve`.
    client = new OpenAI({ apiKey: 'local', baseURL: 'http://tutor.local/v1', maxRetries: 0, fetch: (url, init) => runtime.fetch(new Request(url, init)) });
    const lookup = { type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } };
    assistantId = (await client.beta.assistants.create({ model: 'gpt-4o', tools: [lookup] })).id;
  });
  after(async () => {
    console.log(`\n      ${'fault'.padEnd(28)} ${'status'.padEnd(8)} ${'code'.padEnd(20)} ${'ms'.padStart(6)}  requests  last_error.message`);
    for (const r of rows) console.log(`      ${r.fault.padEnd(28)} ${r.status.padEnd(8)} ${r.code.padEnd(20)} ${String(r.ms).padStart(6)}  ${String(r.requests).padStart(8)}  ${r.message.length > 110 ? `${r.message.slice(0, 107)}...` : r.message}`);
    await runtime?.close();
    await fake?.close();
  });

  for (const fault of FAULTS) {
    it(`${fault.name} → failed (${fault.code}), then the thread works again`, async () => {
      const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: `What is 6 × 7? (${fault.name})` }] });
      const requestsBefore = fake.requests.length;
      fake.script(...fault.turns);
      const started = Date.now();
      let run = await client.beta.threads.runs.stream(thread.id, { assistant_id: assistantId }).finalRun();
      // The client runs the tool each time the model asks, as an app would, until the engine stops it.
      while (fault.tools && run.status === 'requires_action') {
        const calls = run.required_action!.submit_tool_outputs.tool_calls;
        run = await client.beta.threads.runs.submitToolOutputsStream(run.id, { thread_id: thread.id, tool_outputs: calls.map((c) => ({ tool_call_id: c.id, output: 'try again' })) }).finalRun();
      }
      const ms = Date.now() - started;
      rows.push({ fault: fault.name, status: run.status, code: run.last_error?.code ?? '-', ms, requests: fake.requests.length - requestsBefore, message: run.last_error?.message ?? '' });

      assert.equal(run.status, 'failed');
      assert.equal(run.last_error?.code, fault.code);
      assert.match(run.last_error!.message, fault.says);
      assert.equal(fake.requests.length - requestsBefore, fault.turns.length, 'model requests made (retries included)');
      const stored = await client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
      assert.deepEqual([stored.status, stored.last_error], [run.status, run.last_error], 'what the stream said is what is stored');
      for await (const step of client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id })) assert.notEqual(step.status, 'in_progress', `step ${step.id}`);
      const answers = (await client.beta.threads.messages.list(thread.id, { run_id: run.id })).data.filter((m) => m.role === 'assistant');
      for (const m of answers) assert.notEqual(m.status, 'in_progress', `message ${m.id}`);
      if (fault.partial !== undefined) {
        assert.equal(answers.length, 1);
        assert.equal(answers[0]!.status, 'incomplete');
        assert.equal(answers[0]!.content[0]?.type === 'text' && answers[0]!.content[0].text.value, fault.partial);
      }

      // Nothing is stuck: the same thread takes the next question and answers it.
      await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'Try again?' });
      fake.script({ text: ['42'] });
      const next = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistantId }, { pollIntervalMs: 20 });
      assert.equal(next.status, 'completed');
      const reply = (await client.beta.threads.messages.list(thread.id, { limit: 1 })).data[0]!;
      assert.equal(reply.content[0]?.type === 'text' && reply.content[0].text.value, '42');
    });
  }
});
