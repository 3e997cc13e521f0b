import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { usePostgres } from '../../harness/postgres.mjs';
import { freshDatabase } from '../../harness/postgresDatabase';
import { startServe, stop } from '../../harness/serveProcess';

/** `tutor-assistants serve --database URL` as a real child process on a free port, files in a folder of its own. */
const serve = (database: string, fake: FakeModel) =>
  startServe(['serve', '--port', '0', '--data', mkdtempSync(path.join(tmpdir(), 'tutor-serve-pg-')), '--database', database, '--provider-url', fake.url], { env: {}, node: process.execPath });

describe('tutor-assistants serve --database (PostgreSQL)', function () {
  this.timeout(120_000);
  let fake: FakeModel;
  let database: string;
  let stopPostgres: () => Promise<void>;

  before(async () => {
    fake = await startFakeModel();
    const server = await usePostgres();
    stopPostgres = server.stop;
    database = await freshDatabase(server.url, `tutor_serve_${process.pid}`);
  });
  after(async () => {
    await fake?.close();
    await stopPostgres?.();
  });

  it('two instances on one database serve the same assistants, threads and runs', async () => {
    const [a, b] = await Promise.all([serve(database, fake), serve(database, fake)]);
    try {
      const clientA = new OpenAI({ apiKey: 'unused', baseURL: a.url, maxRetries: 0 });
      const clientB = new OpenAI({ apiKey: 'unused', baseURL: b.url, maxRetries: 0 });
      const assistant = await clientA.beta.assistants.create({ name: 'Math Tutor', model: 'fake-model', instructions: 'You are a personal math tutor.' });
      const thread = await clientB.beta.threads.create({ messages: [{ role: 'user', content: 'Solve 3x + 11 = 14.' }] });

      // Streamed on one instance, read on the other.
      fake.script({ text: ['Subtract ', '11 first.'] });
      const streamed = await clientA.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id }).finalRun();
      assert.equal(streamed.status, 'completed');
      const messages = await clientB.beta.threads.messages.list(thread.id, { order: 'asc' });
      assert.deepEqual(messages.data.map((m) => (m.content[0] as { text: { value: string } }).text.value), ['Solve 3x + 11 = 14.', 'Subtract 11 first.']);

      // Created on one, polled to its end on the other.
      fake.script({ text: ['Then divide by 3.'] });
      const queued = await clientB.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
      let run = await clientA.beta.threads.runs.retrieve(queued.id, { thread_id: thread.id });
      for (let i = 0; i < 200 && !['completed', 'failed'].includes(run.status); i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        run = await clientA.beta.threads.runs.retrieve(queued.id, { thread_id: thread.id });
      }
      assert.equal(run.status, 'completed', JSON.stringify(run.last_error));
      assert.equal((await clientA.beta.threads.runs.list(thread.id)).data.length, 2);
    } finally {
      assert.equal(await stop(a), 0, a.output());
      assert.equal(await stop(b), 0, b.output());
    }
  });

  it('refuses a --database that is not a PostgreSQL URL, with exit code 2', async () => {
    const started = startServe(['serve', '--port', '0', '--database', 'mysql://localhost/tutor'], { env: {}, node: process.execPath });
    const err = (await started.then(() => assert.fail('serve started'), (e: { code: number; out: string }) => e)) as { code: number; out: string };
    assert.equal(err.code, 2);
    assert.match(err.out, /--database must be a PostgreSQL URL/);
  });
});
