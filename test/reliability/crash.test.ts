/**
 * Crash safety (issue #6 §1): `kill -9` the standalone server in the middle of a streamed run and
 * in the middle of a vector store file batch, restart it on the same data dir, and check that
 * nothing acknowledged is lost and nothing is left half-done. Runs on both storage drivers.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI, { toFile } from 'openai';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { consistencyProblems } from './dataDir';
import { crash, driversToTest, killLeftovers, serve, stop, type Driver, type Served } from '../../harness/serveProcess';
import { usePostgres } from '../../harness/postgres.mjs';
import { freshDatabase } from '../../harness/postgresDatabase';
import { until } from '../../harness/until';

const TOKEN = 'crash-token-0123456';
/** Past the engine's 1 s save interval (10 ms a delta), so part of the answer is on disk. */
const DELTAS_BEFORE_KILL = 150;
const clientOf = (server: Served) => new OpenAI({ apiKey: TOKEN, baseURL: server.url, maxRetries: 0 });

/** Prints a figure beside mocha's report. */
const figure = (line: string) => console.log(`      ${line}`);

/**
 * One server's storage across its restarts: a data folder, and on PostgreSQL a database of its
 * own (its lease short, so the runs of the killed server are settled seconds after the restart).
 */
interface Storage {
  driver: Driver;
  data: string;
  database?: string;
}

const startOn = (storage: Storage, fake: FakeModel) =>
  serve({ data: storage.data, providerUrl: fake.url, token: TOKEN, driver: storage.driver, ...(storage.database ? { database: storage.database, args: ['--lease-seconds', '2'] } : {}) });

describe('crash safety: kill -9 of tutor-assistants serve', function () {
  this.timeout(600_000);
  let fake: FakeModel;
  let postgresUrl: string | undefined;
  let stopPostgres: (() => Promise<void>) | undefined;
  const drivers = driversToTest({ withPostgres: true });
  const storage = async (driver: Driver, name: string): Promise<Storage> => ({
    driver,
    data: mkdtempSync(path.join(tmpdir(), `tutor-crash-${name}-${driver}-`)),
    ...(driver === 'postgres' ? { database: await freshDatabase(postgresUrl!, `tutor_crash_${name}_${process.pid}`) } : {}),
  });
  before(async () => {
    fake = await startFakeModel();
    if (drivers.includes('postgres')) {
      const server = await usePostgres();
      postgresUrl = server.url;
      stopPostgres = server.stop;
    }
  });
  after(async () => {
    killLeftovers();
    await fake.close();
    await stopPostgres?.();
  });

  for (const driver of drivers) {
    describe(driver, () => {
      it('mid-stream: keeps every acknowledged message and fails the interrupted run', async () => {
        await midStream(await storage(driver, 'run'), fake);
      });
      it('mid-batch: settles every file of a 200-file batch (resumed once, then failed)', async () => {
        await midBatch(await storage(driver, 'batch'), fake);
      });
    });
  }
});

async function midStream(storage: Storage, fake: FakeModel): Promise<void> {
  const { driver, data } = storage;
  const start = () => startOn(storage, fake);
  let server = await start();
  let client = clientOf(server);
  const assistant = await client.beta.assistants.create({ model: 'gpt-4o', name: 'Crash test' });
  const streamed = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Count slowly to five hundred.' }] });
  const other = await client.beta.threads.create();

  // Writes go on in parallel with the stream, so the kill lands among them as it would in use:
  // whatever got its 2xx before the kill must survive it.
  const acknowledged = new Map<string, { threadId: string; text: string }>();
  let writing = true;
  const writer = async (lane: number) => {
    for (let i = 0; writing; i++) {
      const text = `lane ${lane} message ${i}: ${'x'.repeat(i % 50)}`;
      try {
        const m = await client.beta.threads.messages.create(other.id, { role: 'user', content: text });
        if (writing) acknowledged.set(m.id, { threadId: other.id, text });
      } catch {
        return; // The server died under this request: it was never acknowledged.
      }
    }
  };

  fake.script({ text: Array.from({ length: 500 }, (_, i) => `${i} `), delayMs: 10 });
  const stream = client.beta.threads.runs.stream(streamed.id, { assistant_id: assistant.id });
  stream.on('error', () => {}); // The kill ends it; that is the point.
  let deltas = 0;
  const writers = [0, 1, 2].map(writer);
  await new Promise<void>((resolve) => stream.on('textDelta', () => ++deltas === DELTAS_BEFORE_KILL && resolve()));
  const runId = stream.currentRun()!.id;
  // The set is read at the moment of the kill: later answers cannot have been acknowledged before it.
  writing = false;
  const ackedBeforeKill = new Map(acknowledged);
  await crash(server);
  stream.abort();
  await Promise.all(writers);

  server = await start();
  client = clientOf(server);
  try {
    const found = new Map<string, string>();
    for await (const m of client.beta.threads.messages.list(other.id, { limit: 100 })) {
      found.set(m.id, m.content.map((c) => (c.type === 'text' ? c.text.value : '')).join(''));
    }
    const lost = [...ackedBeforeKill].filter(([id, m]) => found.get(id) !== m.text);
    figure(`${driver}: ${ackedBeforeKill.size} messages acknowledged before the kill (after ${deltas} deltas), ${ackedBeforeKill.size - lost.length} found after restart`);
    assert.deepEqual(lost.map(([id]) => id), [], 'acknowledged messages lost or changed');
    assert.ok(ackedBeforeKill.size > 0, 'some writes were acknowledged before the kill');

    // SQLite: settled by the restart's recovery. PostgreSQL: by the heartbeat, once the killed
    // server's lease has run out (the restart cannot know it is not still running elsewhere).
    const run = await until('the interrupted run to be settled', async () => {
      const r = await client.beta.threads.runs.retrieve(runId, { thread_id: streamed.id });
      return ['queued', 'in_progress', 'cancelling'].includes(r.status) ? undefined : r;
    }, 60_000);
    assert.equal(run.status, 'failed');
    assert.equal(run.last_error?.code, 'server_error');
    assert.match(run.last_error!.message, /stopped while this run was in progress/);
    let unsettled = 0;
    for (const thread of [streamed.id, other.id]) {
      for await (const r of client.beta.threads.runs.list(thread)) if (['queued', 'in_progress', 'cancelling'].includes(r.status)) unsettled++;
    }
    assert.equal(unsettled, 0, 'runs left queued or in progress');
    const answer = (await client.beta.threads.messages.list(streamed.id, { order: 'asc' })).data;
    for (const m of answer) assert.notEqual(m.status, 'in_progress', `message ${m.id}`);
    for (const s of (await client.beta.threads.runs.steps.list(runId, { thread_id: streamed.id })).data) assert.notEqual(s.status, 'in_progress', `step ${s.id}`);
    const partial = answer.find((m) => m.role === 'assistant');
    figure(`${driver}: run ${run.status} (${run.last_error?.code}); 1 run recovered; partial answer ${partial ? `${partial.status}, ${partial.content[0]?.type === 'text' ? partial.content[0].text.value.length : 0} chars kept` : 'not saved yet'}`);

    // Nothing is stuck: the same thread answers again.
    fake.script({ text: ['back again'] });
    const again = await client.beta.threads.runs.createAndPoll(streamed.id, { assistant_id: assistant.id }, { pollIntervalMs: 50 });
    assert.equal(again.status, 'completed');
  } finally {
    assert.equal(await stop(server), 0, server.output());
  }
  assert.deepEqual(consistencyProblems(data, driver, storage.database), [], 'the database opens cleanly');
  rmSync(data, { recursive: true, force: true }); // Kept only when a check failed, to look into.
}

/** A few kilobytes of text unique to file `k`, so chunking and indexing take real time. */
function fileText(k: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) lines.push(`Note ${k}.${i}: the term topic${k}x${i} relates to lemma${(k * 31 + i) % 997} and theorem${(k + i * 7) % 389}.`);
  return lines.join('\n');
}

async function midBatch(storage: Storage, fake: FakeModel): Promise<void> {
  const { driver, data } = storage;
  const start = () => startOn(storage, fake);
  let server = await start();
  let client = clientOf(server);
  const files: string[] = [];
  for (let k = 0; k < 200; k++) files.push((await client.files.create({ file: await toFile(Buffer.from(fileText(k)), `notes-${k}.txt`), purpose: 'assistants' })).id);
  const vs = await client.vectorStores.create({ name: 'Crash batch' });
  const batch = await client.vectorStores.fileBatches.create(vs.id, { file_ids: files });
  // Killed while files are in progress, but after some finished, so both kinds are on disk.
  const before = await until('some files indexed, most still in progress', async () => {
    const b = await client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: vs.id });
    return b.file_counts.completed >= 5 || b.status !== 'in_progress' ? b : undefined;
  }, 300_000);
  await crash(server);
  assert.equal(before.status, 'in_progress', 'the batch was still running when killed (else files are too small for this machine)');
  figure(`${driver}: killed with ${before.file_counts.completed} of 200 files completed, ${before.file_counts.in_progress} in progress`);

  // First restart: recovery resumes what was in progress. Kill again once ingestion is under way
  // (a file completed since the start: the `resumed` marks are on disk by then), so the third
  // start sees files already resumed once and must fail them rather than loop.
  server = await start();
  client = clientOf(server);
  let uploads = 0;
  for await (const f of client.files.list({ limit: 100 })) if (files.includes(f.id)) uploads++;
  assert.equal(uploads, 200, 'every acknowledged upload survived');
  const atRestart = await client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: vs.id });
  // Evidence that this instance resumed the batch: a file in progress at the restart completes.
  // (A count alone can rise as the killed instance's last writes are counted; then a second kill
  // could land before any file was resumed, and so before any was marked as resumed once.)
  const waiting = new Set<string>();
  for await (const f of client.vectorStores.files.list(vs.id, { filter: 'in_progress', limit: 100 })) waiting.add(f.id);
  const resumed = await until('ingestion to resume', async () => {
    const b = await client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: vs.id });
    if (b.status !== 'in_progress') return b;
    for await (const f of client.vectorStores.files.list(vs.id, { filter: 'completed', limit: 100 })) if (waiting.has(f.id)) return b;
    return undefined;
  });
  const secondKill = resumed.file_counts.in_progress > 0;
  if (secondKill) await crash(server);
  else await stop(server);
  figure(`${driver}: restart 1 resumed ${atRestart.file_counts.in_progress} files; ${resumed.file_counts.in_progress} still in progress${secondKill ? ' when killed again' : ''}`);

  server = await start();
  client = clientOf(server);
  try {
    const settled = await until('the batch to settle', async () => {
      const b = await client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: vs.id });
      return b.status === 'in_progress' ? undefined : b;
    });
    const all: OpenAI.VectorStores.VectorStoreFile[] = [];
    for await (const f of client.vectorStores.files.list(vs.id, { limit: 100 })) all.push(f);
    assert.equal(all.length, 200);
    const byStatus = (s: string) => all.filter((f) => f.status === s);
    assert.deepEqual(byStatus('in_progress').map((f) => f.id), [], 'no file left in progress');
    for (const f of byStatus('failed')) {
      assert.equal(f.last_error?.code, 'server_error', f.id);
      assert.match(f.last_error!.message, /interrupted/);
    }
    assert.equal(byStatus('completed').length + byStatus('failed').length, 200);
    // Files still in progress at the second kill had been resumed once already: they must fail.
    if (secondKill && resumed.file_counts.in_progress > 20) assert.ok(byStatus('failed').length > 0, 'files interrupted twice fail instead of resuming again');
    assert.equal(settled.status, 'completed');
    assert.deepEqual(settled.file_counts, { in_progress: 0, completed: byStatus('completed').length, failed: byStatus('failed').length, cancelled: 0, total: 200 });
    const store = await client.vectorStores.retrieve(vs.id);
    assert.equal(store.status, 'completed');
    assert.equal(store.file_counts.in_progress, 0);
    figure(`${driver}: settled: ${byStatus('completed').length} files completed, ${byStatus('failed').length} failed (in progress at both kills)`);
    // What was indexed across the restarts is searchable, and nothing of a failed file is.
    const done = byStatus('completed')[0];
    if (done) {
      const k = files.indexOf(done.id);
      const hits = await client.vectorStores.search(vs.id, { query: `topic${k}x7` });
      assert.equal(hits.data[0]?.file_id, done.id);
    }
    const failed = new Set(byStatus('failed').map((f) => f.id));
    const probe = await client.vectorStores.search(vs.id, { query: 'lemma5 theorem7 relates', max_num_results: 50 });
    assert.ok(probe.data.every((h) => !failed.has(h.file_id)), 'no failed file is searchable');
  } finally {
    assert.equal(await stop(server), 0, server.output());
  }
  assert.deepEqual(consistencyProblems(data, driver, storage.database), [], 'the database opens cleanly');
  rmSync(data, { recursive: true, force: true }); // Kept only when a check failed, to look into.
}
