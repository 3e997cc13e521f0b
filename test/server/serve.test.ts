import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { exitOf, startServe, stop } from '../../harness/serveProcess';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI, { toFile } from 'openai';
import { ensureNode24 } from '../../harness/node24.mjs';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { parseServeArgs, type ServeOptions } from '../../src/server/serve';

/** Starts `tutor-assistants serve` as a real child process on a free port. */
const serve = (args: string[], env: Record<string, string> = {}, node = process.execPath) => startServe(args, { env, node });

describe('tutor-assistants serve (standalone loopback server)', function () {
  this.timeout(60_000);
  let fake: FakeModel;
  before(async () => {
    fake = await startFakeModel();
  });
  after(async () => fake.close());

  it('prints its listening line and serves the seed walkthrough to the SDK over TCP, behind a token', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'tutor-serve-'));
    const server = await serve(['serve', '--port', '0', '--data', data, '--provider-url', fake.url, '--token', 't0ken-for-the-serve-test']);
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const client = new OpenAI({ apiKey: 't0ken-for-the-serve-test', baseURL: server.url, maxRetries: 0 });
      const assistant = await client.beta.assistants.create({ name: 'Math Tutor', instructions: 'You are a personal math tutor.', model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
      const thread = await client.beta.threads.create();
      await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'I need to solve the equation `3x + 11 = 14`. Can you help me?' });
      fake.script({ text: ['Let us ', 'start.'] });
      const deltas: string[] = [];
      const run = await client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id }).on('textDelta', (d) => deltas.push(d.value ?? '')).finalRun();
      assert.equal(run.status, 'completed');
      assert.equal(deltas.join(''), 'Let us start.');
      fake.script({ text: ['Subtract 11.'] });
      await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'What first?' });
      assert.equal((await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id })).status, 'completed');
      const all: string[] = [];
      for await (const m of client.beta.threads.messages.list(thread.id, { limit: 1 })) all.push(m.id);
      assert.equal(all.length, 4);

      const anonymous = new OpenAI({ apiKey: 'wrong', baseURL: server.url, maxRetries: 0 });
      await assert.rejects(anonymous.beta.assistants.list(), (err: unknown) => err instanceof OpenAI.AuthenticationError);
      const none = await fetch(`${server.url}/assistants`);
      assert.equal(none.status, 401);
      assert.equal(((await none.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
    } finally {
      assert.equal(await stop(server), 0, server.output());
    }
  });

  it("ranks file search with the provider's embeddings when a model is named, and asks a non-OpenAI server for none by default", async () => {
    for (const named of ['fake-embed', undefined]) {
      const data = mkdtempSync(path.join(tmpdir(), 'tutor-serve-'));
      const server = await serve(['serve', '--port', '0', '--data', data, '--provider-url', fake.url, ...(named ? ['--embeddings-model', named] : [])]);
      try {
        const client = new OpenAI({ apiKey: 'unused', baseURL: server.url, maxRetries: 0 });
        const before = fake.requests.length;
        const file = await client.files.create({ file: await toFile(Buffer.from('The eigenvalues of a triangular matrix are the entries on its diagonal.'), 'eigen.md'), purpose: 'assistants' });
        const store = await client.vectorStores.create({ name: 'Linear algebra' });
        assert.equal((await client.vectorStores.files.createAndPoll(store.id, { file_id: file.id })).status, 'completed');
        const found = await client.vectorStores.search(store.id, { query: 'diagonal entries of a triangular matrix' });
        assert.equal(found.data[0]?.filename, 'eigen.md');
        const asked = fake.requests.slice(before).filter((r) => r.path.endsWith('/embeddings'));
        if (named) {
          // One request for the file's chunk at ingestion, one for the query.
          assert.equal(asked.length, 2, named);
          assert.deepEqual(asked.map((r) => r.body.model), [named, named]);
          assert.deepEqual(asked[1]!.body.input, ['diagonal entries of a triangular matrix']);
        } else assert.equal(asked.length, 0, 'no model named, not OpenAI: BM25 alone');
      } finally {
        assert.equal(await stop(server), 0, server.output());
      }
    }
  });

  it('picks the embeddings model from the flags: OpenAI\'s usual one only for OpenAI, "none" for none', () => {
    const model = (...args: string[]) => (parseServeArgs(['serve', ...args], {}) as ServeOptions).embeddingsModel;
    assert.equal(model(), 'text-embedding-3-small');
    assert.equal(model('--embeddings-model', 'none'), undefined);
    assert.equal(model('--provider-url', 'http://127.0.0.1:11434/v1'), undefined);
    assert.equal(model('--provider-url', 'http://127.0.0.1:11434/v1', '--embeddings-model', 'nomic-embed-text'), 'nomic-embed-text');
  });

  it('refuses bad flags and a non-loopback host without a token, with exit code 2', async () => {
    for (const args of [['serve', '--port', 'x'], ['serve', '--bogus'], ['bogus'], ['serve', '--host', '0.0.0.0']]) {
      const err = (await serve(args).then(() => assert.fail(`${args.join(' ')} started`), (e: { code: number; out: string }) => e)) as { code: number; out: string };
      assert.equal(err.code, 2, args.join(' '));
      assert.match(err.out, /tutor-assistants: .+\n\nUsage: tutor-assistants serve/);
    }
  });

  for (const driver of ['sql.js', 'node-sqlite'] as const) {
    it(`keeps acknowledged data across SIGTERM and resolves runs a kill -9 left behind (${driver})`, async () => {
      const node = driver === 'node-sqlite' ? ensureNode24() : process.execPath;
      const env = { TUTOR_STORE_DRIVER: driver };
      const data = mkdtempSync(path.join(tmpdir(), `tutor-crash-${driver}-`));
      const args = ['serve', '--port', '0', '--data', data, '--provider-url', fake.url];
      let server = await serve(args, env, node);
      let client = new OpenAI({ apiKey: 'x', baseURL: server.url, maxRetries: 0 });
      const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
      const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Count to a thousand.' }] });
      fake.script({ text: Array.from({ length: 500 }, (_, i) => `${i} `), delayMs: 10 });
      const stream = client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
      let deltas = 0;
      await new Promise<void>((resolve) => stream.on('textDelta', () => ++deltas === 20 && resolve()));
      const runId = stream.currentRun()!.id;
      server.child.kill('SIGKILL');
      await exitOf(server.child);
      stream.abort();

      server = await serve(args, env, node);
      client = new OpenAI({ apiKey: 'x', baseURL: server.url, maxRetries: 0 });
      try {
        assert.equal((await client.beta.assistants.retrieve(assistant.id)).id, assistant.id);
        const messages = await client.beta.threads.messages.list(thread.id, { order: 'asc' });
        assert.equal(messages.data[0]!.role, 'user');
        const run = await client.beta.threads.runs.retrieve(runId, { thread_id: thread.id });
        assert.equal(run.status, 'failed');
        assert.equal(run.last_error?.code, 'server_error');
        for (const m of messages.data) assert.notEqual(m.status, 'in_progress');
        for (const s of (await client.beta.threads.runs.steps.list(runId, { thread_id: thread.id })).data) assert.notEqual(s.status, 'in_progress');
        // The thread is usable again.
        fake.script({ text: ['ok'] });
        assert.equal((await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id })).status, 'completed');
      } finally {
        assert.equal(await stop(server), 0, server.output());
      }
    });
  }

  it('answers requests Node cannot parse (a URL over 16 KB) with an OpenAI error object, and keeps serving', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'tutor-serve-'));
    const server = await serve(['serve', '--port', '0', '--data', data, '--provider-url', fake.url]);
    try {
      // Node's HTTP parser refuses it before any route runs; it used to answer with no body at all.
      const res = await fetch(`${server.url}/threads/thread_${'x'.repeat(40_000)}`);
      assert.equal(res.status, 431);
      const body = (await res.json()) as { error: { message: string; type: string; param: null; code: null } };
      assert.equal(body.error.type, 'invalid_request_error');
      assert.ok(body.error.message.length > 0);
      assert.equal((await fetch(`${server.url}/assistants`)).status, 200);
    } finally {
      assert.equal(await stop(server), 0, server.output());
    }
  });

  it('without a token, refuses requests from web pages (Origin) and for other host names (DNS rebinding)', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'tutor-serve-'));
    const server = await serve(['serve', '--port', '0', '--data', data, '--provider-url', fake.url]);
    try {
      const fromPage = await fetch(`${server.url}/threads`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, body: '{}' });
      assert.equal(fromPage.status, 403);
      assert.match(((await fromPage.json()) as { error: { message: string } }).error.message, /--token/);
      // fetch() will not let a caller set Host, so this one goes through node:http, as a rebinding page's browser would send it.
      const { port } = new URL(server.url);
      const rebound = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/v1/assistants', headers: { host: `evil.example:${port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(rebound, 403);
      assert.equal((await fetch(`${server.url}/assistants`)).status, 200, 'API clients (no Origin, loopback Host) are served');
    } finally {
      assert.equal(await stop(server), 0, server.output());
    }
  });
});
