/**
 * Several `tutor-assistants serve` processes on one PostgreSQL database, as behind a load
 * balancer (issue #17 §2): a client whose every request may land on another instance still gets
 * the whole Assistants API right, a cancel on one instance stops a run another is executing, and
 * a `kill -9` of an instance mid-run leaves no run live and loses no acknowledged message.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { usePostgres } from '../../harness/postgres.mjs';
import { freshDatabase } from '../../harness/postgresDatabase';
import { crash, killLeftovers, serve, stop, type Served } from '../../harness/serveProcess';
import { until } from '../../harness/until';

const TOKEN = 'multi-instance-token-0123';
/** Short, so the death of an instance is noticed within seconds (the default is 15 s). */
const LEASE_SECONDS = 2;
/** A dead instance's runs are settled within about 1⅓ leases; this allows for a loaded machine. */
const SETTLE_BOUND_MS = 30_000;

const figure = (line: string) => console.log(`      ${line}`);
const textOf = (m: OpenAI.Beta.Threads.Message) => m.content.map((c) => (c.type === 'text' ? c.text.value : '')).join('');

/** A client that sends each request to the next instance in turn, as a round-robin balancer would. */
function balancedClient(servers: () => Served[]): { client: OpenAI; hits: Map<string, number> } {
  let next = 0;
  const hits = new Map<string, number>();
  const client = new OpenAI({
    apiKey: TOKEN,
    baseURL: 'http://balancer.invalid/v1',
    maxRetries: 0,
    fetch: (url, init) => {
      const live = servers();
      const target = live[next++ % live.length]!;
      hits.set(target.url, (hits.get(target.url) ?? 0) + 1);
      return fetch(String(url).replace('http://balancer.invalid/v1', target.url), init);
    },
  });
  return { client, hits };
}

const clientOf = (server: Served) => new OpenAI({ apiKey: TOKEN, baseURL: server.url, maxRetries: 0 });

describe('several instances of tutor-assistants serve on one PostgreSQL database', function () {
  this.timeout(300_000);
  let fake: FakeModel;
  let database: string;
  let stopPostgres: () => Promise<void>;
  let servers: Served[] = [];

  const start = () => serve({ data: mkdtempSync(path.join(tmpdir(), 'tutor-multi-')), providerUrl: fake.url, token: TOKEN, driver: 'postgres', database, args: ['--lease-seconds', String(LEASE_SECONDS)] });

  before(async () => {
    fake = await startFakeModel();
    const server = await usePostgres();
    stopPostgres = server.stop;
    database = await freshDatabase(server.url, `tutor_multi_${process.pid}`);
    servers = await Promise.all([start(), start(), start()]);
  });
  after(async () => {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) await stop(s);
    killLeftovers();
    await fake?.close();
    await stopPostgres?.();
  });

  it('every request on the next instance: assistants, threads, createAndPoll, streams, function calls', async () => {
    const { client, hits } = balancedClient(() => servers);
    const assistant = await client.beta.assistants.create({
      model: 'fake-model', instructions: 'You are a personal math tutor.',
      tools: [{ type: 'function', function: { name: 'check_answer', parameters: { type: 'object', properties: { x: { type: 'number' } } } } }],
    });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Solve 3x + 11 = 14.' }] });

    fake.script({ text: ['Subtract ', '11 from both sides.'] });
    const polled = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 50 });
    assert.equal(polled.status, 'completed', JSON.stringify(polled.last_error));

    await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'And then?' });
    fake.script({ text: ['Divide ', 'by 3: x = 1.'] });
    const streamed = client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    let text = '';
    streamed.on('textDelta', (d) => (text += d.value ?? ''));
    assert.equal((await streamed.finalRun()).status, 'completed');
    assert.equal(text, 'Divide by 3: x = 1.');

    // Requires action on one instance; the outputs are submitted (and streamed) through another.
    await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'Is x = 1 right?' });
    fake.script({ toolCalls: [{ id: 'call_check', name: 'check_answer', arguments: '{"x":1}' }] }, { text: ['Yes, x = 1 checks out.'] });
    const waiting = await client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id }).finalRun();
    assert.equal(waiting.status, 'requires_action');
    const resumed = await client.beta.threads.runs.submitToolOutputsStream(waiting.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: 'call_check', output: 'correct' }] }).finalRun();
    assert.equal(resumed.status, 'completed');
    const toolMessage = (fake.requests.at(-1)!.body.messages as { role: string; content: string }[]).find((m) => m.role === 'tool');
    assert.equal(toolMessage?.content, 'correct', 'the model got the output submitted through the other instance');

    const messages = await client.beta.threads.messages.list(thread.id, { order: 'asc' });
    assert.deepEqual(messages.data.map(textOf), ['Solve 3x + 11 = 14.', 'Subtract 11 from both sides.', 'And then?', 'Divide by 3: x = 1.', 'Is x = 1 right?', 'Yes, x = 1 checks out.']);
    const runs = await client.beta.threads.runs.list(thread.id);
    assert.deepEqual(runs.data.map((r) => r.status), ['completed', 'completed', 'completed']);
    assert.equal(hits.size, servers.length, 'every instance answered some of it');
    figure(`requests per instance: ${[...hits.values()].join(', ')}`);
  });

  it('runs.cancel on one instance stops a run streaming from another, ending its model request', async () => {
    const [a, b] = servers as [Served, Served];
    const assistant = await clientOf(a).beta.assistants.create({ model: 'fake-model' });
    const thread = await clientOf(a).beta.threads.create({ messages: [{ role: 'user', content: 'Count to a thousand, slowly.' }] });
    fake.script({ text: Array.from({ length: 1000 }, (_, i) => `${i} `), delayMs: 30 });
    const abortedBefore = fake.aborted;
    const stream = clientOf(a).beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    const events: string[] = [];
    stream.on('event', (e) => events.push(e.event));
    await new Promise<void>((resolve) => stream.once('textDelta', () => resolve()));
    const runId = stream.currentRun()!.id;

    const asked = Date.now();
    const cancelling = await clientOf(b).beta.threads.runs.cancel(runId, { thread_id: thread.id });
    assert.equal(cancelling.status, 'cancelling');
    const final = await stream.finalRun();
    const tookMs = Date.now() - asked;
    assert.equal(final.status, 'cancelled');
    assert.ok(events.includes('thread.run.cancelled'), `the stream on the first instance ended with thread.run.cancelled (${events.slice(-3).join(', ')})`);
    await fake.waitForAbort(10_000, abortedBefore + 1);
    const seen = await clientOf(b).beta.threads.runs.retrieve(runId, { thread_id: thread.id });
    assert.equal(seen.status, 'cancelled');
    const answer = (await clientOf(b).beta.threads.messages.list(thread.id, { order: 'asc' })).data.find((m) => m.role === 'assistant');
    assert.notEqual(answer?.status, 'in_progress');
    figure(`cancel on instance B → cancelled on the stream from instance A in ${tookMs} ms`);
  });

  it('kill -9 of an instance mid-run: another settles its runs within the lease bound; no acknowledged message is lost', async () => {
    const doomed = await start();
    const survivor = servers[0]!;
    const assistant = await clientOf(doomed).beta.assistants.create({
      model: 'fake-model',
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }],
    });
    const streamedThread = await clientOf(doomed).beta.threads.create({ messages: [{ role: 'user', content: 'Count to five hundred.' }] });
    const waitingThread = await clientOf(doomed).beta.threads.create({ messages: [{ role: 'user', content: 'Look it up.' }] });
    const other = await clientOf(doomed).beta.threads.create();

    // A run left waiting for tool outputs on the doomed instance: nobody executes it, so any instance may resume it.
    fake.script({ toolCalls: [{ id: 'call_lookup', name: 'lookup', arguments: '{}' }] });
    const waiting = await clientOf(doomed).beta.threads.runs.createAndPoll(waitingThread.id, { assistant_id: assistant.id }, { pollIntervalMs: 50 });
    assert.equal(waiting.status, 'requires_action');

    const acknowledged = new Map<string, string>();
    let writing = true;
    const writer = async (lane: number) => {
      for (let i = 0; writing; i++) {
        const text = `lane ${lane} message ${i}`;
        try {
          const m = await clientOf(doomed).beta.threads.messages.create(other.id, { role: 'user', content: text });
          if (writing) acknowledged.set(m.id, text);
        } catch {
          return; // Died under this request: never acknowledged.
        }
      }
    };
    fake.script({ text: Array.from({ length: 500 }, (_, i) => `${i} `), delayMs: 20 });
    const stream = clientOf(doomed).beta.threads.runs.stream(streamedThread.id, { assistant_id: assistant.id });
    stream.on('error', () => {}); // The kill ends it.
    let deltas = 0;
    const writers = [0, 1, 2].map(writer);
    await new Promise<void>((resolve) => stream.on('textDelta', () => ++deltas === 60 && resolve()));
    const runId = stream.currentRun()!.id;
    writing = false;
    const ackedBeforeKill = new Map(acknowledged);
    await crash(doomed);
    const killedAt = Date.now();
    stream.abort();
    await Promise.all(writers);

    const survivorClient = clientOf(survivor);
    const failed = await until('the killed instance\'s run to be settled', async () => {
      const run = await survivorClient.beta.threads.runs.retrieve(runId, { thread_id: streamedThread.id });
      return ['queued', 'in_progress', 'cancelling'].includes(run.status) ? undefined : run;
    }, SETTLE_BOUND_MS);
    const settledMs = Date.now() - killedAt;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.last_error?.code, 'server_error');
    figure(`killed after ${deltas} deltas; its run was ${failed.status} on another instance ${settledMs} ms later (lease ${LEASE_SECONDS} s)`);

    const found = new Map<string, string>();
    for await (const m of survivorClient.beta.threads.messages.list(other.id, { limit: 100 })) found.set(m.id, textOf(m));
    const lost = [...ackedBeforeKill].filter(([id, text]) => found.get(id) !== text);
    assert.ok(ackedBeforeKill.size > 0, 'some writes were acknowledged before the kill');
    assert.deepEqual(lost, [], 'acknowledged messages lost');
    figure(`${ackedBeforeKill.size} messages acknowledged by the killed instance, all found through another`);
    const partial = (await survivorClient.beta.threads.messages.list(streamedThread.id)).data.find((m) => m.role === 'assistant');
    if (partial) assert.equal(partial.status, 'incomplete');
    for (const s of (await survivorClient.beta.threads.runs.steps.list(runId, { thread_id: streamedThread.id })).data) assert.notEqual(s.status, 'in_progress');

    // The thread is free again, and the run the dead instance left waiting finishes elsewhere.
    fake.script({ text: ['Five hundred.'] });
    const again = await survivorClient.beta.threads.runs.createAndPoll(streamedThread.id, { assistant_id: assistant.id }, { pollIntervalMs: 50 });
    assert.equal(again.status, 'completed');
    fake.script({ text: ['Found it.'] });
    const resumed = await survivorClient.beta.threads.runs.submitToolOutputsAndPoll(waiting.id, { thread_id: waitingThread.id, tool_outputs: [{ tool_call_id: 'call_lookup', output: '42' }] }, { pollIntervalMs: 50 });
    assert.equal(resumed.status, 'completed');

    let live = 0;
    for (const thread of [streamedThread.id, waitingThread.id, other.id]) {
      for await (const r of survivorClient.beta.threads.runs.list(thread)) if (['queued', 'in_progress', 'cancelling'].includes(r.status)) live++;
    }
    assert.equal(live, 0, 'no run left live');
  });

  it('an instance that starts while others run leaves their runs alone', async () => {
    const [a] = servers as [Served];
    const assistant = await clientOf(a).beta.assistants.create({ model: 'fake-model' });
    const thread = await clientOf(a).beta.threads.create({ messages: [{ role: 'user', content: 'Take your time.' }] });
    fake.script({ text: Array.from({ length: 100 }, (_, i) => `${i} `), delayMs: 40 });
    const stream = clientOf(a).beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    await new Promise<void>((resolve) => stream.once('textDelta', () => resolve()));
    // Its start-up recovery must not fail a run whose instance is alive and renewing its lease.
    const late = await start();
    servers.push(late);
    const final = await stream.finalRun();
    assert.equal(final.status, 'completed', JSON.stringify(final.last_error));
  });

  it('Responses across instances: a resumed stream elsewhere ends with the outcome, a cancel elsewhere stops it, a killed instance\'s response is settled', async () => {
    const [a, b] = servers as [Served, Served];
    // Resumed through B while A executes it: B waits for the end and sends the completed response.
    fake.script({ text: Array.from({ length: 40 }, (_, i) => `${i} `), delayMs: 20 });
    const background = await clientOf(a).responses.create({ model: 'fake-model', input: 'Count to forty.', background: true });
    const resumed = clientOf(b).responses.stream({ response_id: background.id, starting_after: 0 });
    const final = await resumed.finalResponse();
    assert.equal(final.status, 'completed');
    assert.match(final.output_text, /^0 1 2 .* 39 $/);

    // Cancelled through B while A executes it: A's model request ends and B answers with the cancelled response.
    fake.script({ text: Array.from({ length: 1000 }, (_, i) => `${i} `), delayMs: 30 });
    const abortedBefore = fake.aborted;
    const slow = await clientOf(a).responses.create({ model: 'fake-model', input: 'Count to a thousand.', background: true });
    await until('the response to be writing', async () => ((await clientOf(a).responses.retrieve(slow.id)).status === 'in_progress' ? true : undefined), 10_000);
    const asked = Date.now();
    const cancelled = await clientOf(b).responses.cancel(slow.id);
    assert.equal(cancelled.status, 'cancelled');
    await fake.waitForAbort(10_000, abortedBefore + 1);
    figure(`responses.cancel on instance B → cancelled on instance A in ${Date.now() - asked} ms`);

    // Killed mid-way: another instance settles it failed within the lease bound.
    const doomed = await start();
    fake.script({ text: Array.from({ length: 1000 }, (_, i) => `${i} `), delayMs: 30 });
    const orphan = await clientOf(doomed).responses.create({ model: 'fake-model', input: 'Count slowly.', background: true });
    await until('the response to be writing', async () => ((await clientOf(doomed).responses.retrieve(orphan.id)).status === 'in_progress' ? true : undefined), 10_000);
    await crash(doomed);
    const killedAt = Date.now();
    const settled = await until('the killed instance\'s response to be settled', async () => {
      const r = await clientOf(a).responses.retrieve(orphan.id);
      return r.status === 'in_progress' || r.status === 'queued' ? undefined : r;
    }, SETTLE_BOUND_MS);
    assert.equal(settled.status, 'failed');
    assert.match(settled.error?.message ?? '', /stopped before it finished/);
    figure(`a response of a killed instance was ${settled.status} on another instance ${Date.now() - killedAt} ms later (lease ${LEASE_SECONDS} s)`);
  });
});
