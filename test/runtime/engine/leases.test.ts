// Leases (src/runtime/store/leases.ts, engine/runWatch.ts): which instance executes a run,
// settled when that instance dies, and cancels that reach the executing instance. Two runtimes
// on one database stand for two instances where the database can be shared (PostgreSQL).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type OpenAI from 'openai';
import { LEASE_SQL } from '../../../src/runtime/store/schema';
import type { Message, Run } from '../../../src/runtime/domain/objects';
import { openFixture, type Fixture } from '../fixture';
import { until } from '../../../harness/until';

const leaseOf = async (f: Fixture, runId: string) => f.runtime.store.driver.get<{ instance: string; expires_at: number }>(LEASE_SQL.of, [runId]);

describe('run leases: one instance executes a run, and a dead one\'s runs are settled', function () {
  this.timeout(60_000);
  let f: Fixture;
  let assistant: OpenAI.Beta.Assistant;

  beforeEach(async () => {
    f = await openFixture({ limits: { leaseMs: 600 } });
    assistant = await f.client.beta.assistants.create({ model: 'fake-model' });
  });
  afterEach(async () => f?.close());

  it('a run holds a lease of this instance while it is executed, released when it ends', async () => {
    const thread = await f.client.beta.threads.create({ messages: [{ role: 'user', content: 'Hi' }] });
    f.fake.script({ text: Array.from({ length: 20 }, (_, i) => `${i} `), delayMs: 20 });
    const stream = f.client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    await new Promise<void>((resolve) => stream.once('textDelta', () => resolve()));
    const lease = await leaseOf(f, stream.currentRun()!.id);
    assert.equal(lease?.instance, f.runtime.engine.leases.instance);
    assert.ok(Number(lease!.expires_at) > Date.now(), 'the lease is live');
    await f.runtime.engine.heartbeat();
    assert.ok(Number((await leaseOf(f, stream.currentRun()!.id))!.expires_at) >= Number(lease!.expires_at), 'the heartbeat renews it');
    assert.equal((await stream.finalRun()).status, 'completed');
    assert.equal(await leaseOf(f, stream.currentRun()!.id), undefined, 'released at the end');
  });

  it('the heartbeat settles a run whose instance stopped renewing its lease, and leaves a live lease alone', async () => {
    const { store, engine } = f.runtime;
    const thread = await f.client.beta.threads.create();
    // What a process killed mid-run leaves: a run in progress, its message half written, its lease running out.
    const now = Math.floor(Date.now() / 1000);
    const run = { id: 'run_dead', object: 'thread.run', created_at: now, thread_id: thread.id, assistant_id: assistant.id, status: 'in_progress', tools: [], metadata: {} } as unknown as Run;
    const message = { id: 'msg_dead', object: 'thread.message', created_at: now, thread_id: thread.id, run_id: run.id, role: 'assistant', status: 'in_progress', content: [], attachments: [], metadata: {} } as unknown as Message;
    await store.insert('run', run, { thread_id: thread.id });
    await store.insert('message', message, { thread_id: thread.id, run_id: run.id });
    await store.driver.run(LEASE_SQL.claim, [run.id, 'inst_dead', Date.now() + 60_000]);

    await engine.heartbeat();
    assert.equal((await f.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id })).status, 'in_progress', 'a live lease: its instance may be running it');
    const blocked = await f.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id }).then(() => 'created', (e: InstanceType<typeof OpenAI.APIError>) => e.status);
    assert.equal(blocked, 400, 'the thread is busy meanwhile');

    await store.driver.run('UPDATE leases SET expires_at = ? WHERE work_id = ?', [Date.now() - 1, run.id]);
    await engine.heartbeat();
    const settled = await f.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
    assert.equal(settled.status, 'failed');
    assert.equal(settled.last_error?.code, 'server_error');
    assert.equal((await f.client.beta.threads.messages.retrieve(message.id, { thread_id: thread.id })).status, 'incomplete');
    assert.equal(await leaseOf(f, run.id), undefined);
    f.fake.script({ text: ['Free again.'] });
    assert.equal((await f.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 20 })).status, 'completed');
  });

  it('stops a run here once another instance has settled it (this one missed its heartbeats), without writing over that', async () => {
    const thread = await f.client.beta.threads.create({ messages: [{ role: 'user', content: 'Hi' }] });
    f.fake.script({ hang: true });
    const stream = f.client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    stream.on('error', () => {});
    const runId = (await until('the run to start', async () => stream.currentRun() ?? undefined, 20_000, 20)).id;
    await until('this instance to execute it', async () => ((await f.client.beta.threads.runs.retrieve(runId, { thread_id: thread.id })).status === 'in_progress' ? true : undefined));
    // Its model call is under way (the run reads its thread first): that call is what must stop.
    await until('the model to be asked', async () => (f.fake.requests.some((r) => r.path.endsWith('/chat/completions')) ? true : undefined));
    // What another instance does to a run whose lease it found expired.
    const { store } = f.runtime;
    await store.transaction(async () => {
      const run = (await store.get<Run>('run', runId))!;
      await store.update('run', { ...run, status: 'failed', failed_at: Math.floor(Date.now() / 1000), last_error: { code: 'server_error', message: 'settled elsewhere' } });
      await store.driver.run(LEASE_SQL.release, [runId]);
    });
    await f.runtime.engine.heartbeat();
    await f.fake.waitForAbort(10_000);
    await f.runtime.engine.idle();
    const run = await f.client.beta.threads.runs.retrieve(runId, { thread_id: thread.id });
    assert.equal(run.status, 'failed');
    assert.equal(run.last_error?.message, 'settled elsewhere');
  });
});

describe('two instances on one shared database (PostgreSQL)', function () {
  this.timeout(60_000);
  let dir: string;
  let a: Fixture;
  let b: Fixture;

  beforeEach(async function () {
    dir = mkdtempSync(path.join(tmpdir(), 'tutor-two-instances-'));
    a = await openFixture({ dataDir: dir, limits: { leaseMs: 600 } });
    if (!a.runtime.store.driver.shared) {
      await a.close();
      rmSync(dir, { recursive: true, force: true });
      this.skip();
    }
    b = await openFixture({ dataDir: dir, limits: { leaseMs: 600 } });
  });
  afterEach(async () => {
    await a?.close();
    await b?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs.cancel on one stops the run the other executes: its model request ends, its stream says cancelled', async () => {
    const assistant = await a.client.beta.assistants.create({ model: 'fake-model' });
    const thread = await a.client.beta.threads.create({ messages: [{ role: 'user', content: 'Hi' }] });
    a.fake.script({ hang: true });
    const stream = a.client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    const runId = (await until('the run to start', async () => stream.currentRun() ?? undefined, 20_000, 20)).id;
    await until('the model request', async () => (a.fake.requests.length ? true : undefined));
    assert.equal((await b.client.beta.threads.runs.cancel(runId, { thread_id: thread.id })).status, 'cancelling');
    await a.fake.waitForAbort(10_000);
    assert.equal((await stream.finalRun()).status, 'cancelled');
    assert.equal((await b.client.beta.threads.runs.retrieve(runId, { thread_id: thread.id })).status, 'cancelled');
  });

  it('an instance starting up leaves alone the runs another is executing', async () => {
    const assistant = await a.client.beta.assistants.create({ model: 'fake-model' });
    const thread = await a.client.beta.threads.create({ messages: [{ role: 'user', content: 'Hi' }] });
    a.fake.script({ text: Array.from({ length: 30 }, (_, i) => `${i} `), delayMs: 20 });
    const stream = a.client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    await new Promise<void>((resolve) => stream.once('textDelta', () => resolve()));
    const c = await openFixture({ dataDir: dir, limits: { leaseMs: 600 } });
    try {
      assert.equal((await c.client.beta.threads.runs.retrieve(stream.currentRun()!.id, { thread_id: thread.id })).status, 'in_progress');
      assert.equal((await stream.finalRun()).status, 'completed');
    } finally {
      await c.close();
    }
  });

  it('a file uploaded through one is downloaded whole through the other', async () => {
    const bytes = Buffer.alloc(2.5 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    const file = await a.client.files.create({ file: new File([bytes], 'data.bin'), purpose: 'assistants' });
    const back = Buffer.from(await (await b.client.files.content(file.id)).arrayBuffer());
    assert.equal(back.length, bytes.length);
    assert.ok(back.equals(bytes), 'the same bytes');
    await b.client.files.delete(file.id);
    assert.equal((await a.client.files.content(file.id).then(() => 200, (e: InstanceType<typeof OpenAI.APIError>) => e.status)), 404);
  });
});
