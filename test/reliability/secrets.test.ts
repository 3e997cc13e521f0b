// @both-drivers: the database files searched below are sql.js's snapshot on Node 20 and
// node:sqlite's WAL files on Node 24.
// The provider API key stays secret: it reaches the provider and nothing else. A canary key goes
// in through the runtime's provider path and through `tutor-assistants serve`; the scripted model
// answers 401 with the key it was sent in the message; then every place the key could surface is
// searched: run errors, SSE events, API objects, logs, stdout/stderr, the database files.
// The standalone server's own guard (loopback by default, bearer token) is checked point by point.
// (The extension's path — Set API Key, SecretStorage, settings, export — is test/ui/secrets.ui.test.ts.)
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { repoRoot } from '../../harness/repo.mjs';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { createProviderFactory } from '../../src/providers/factory';
import type { Logger } from '../../src/runtime/domain/clock';
import { openRuntime } from '../../src/runtime/open';
import { canaryKey, echoing401, grepTree, sentKey } from './secretArtifacts';
import { CLI } from '../../harness/serveProcess';

const checklist: Array<[string, boolean]> = [];
let failures: string[] = [];
/**
 * Runs one point of the checklist and records it. A failed point does not stop the others (the
 * printed checklist shows every point); `settle()` at the end of the test fails it.
 */
async function check(label: string, body: () => unknown): Promise<void> {
  try {
    await body();
    checklist.push([label, true]);
  } catch (err) {
    checklist.push([label, false]);
    failures.push(`${label}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
function settle(): void {
  const failed = failures;
  failures = [];
  assert.deepEqual(failed, [], 'checklist points failed');
}

/** Tees everything written to this process's stdout and stderr while `body` runs. */
async function captureOutput<T>(body: () => Promise<T>): Promise<{ value: T; output: string }> {
  let output = '';
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write.bind(s));
  streams.forEach((s, i) => {
    s.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return (originals[i] as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof s.write;
  });
  try {
    return { value: await body(), output };
  } finally {
    streams.forEach((s, i) => (s.write = originals[i]!));
  }
}

describe('secrets: the API key reaches the provider and nothing else', function () {
  this.timeout(120_000);
  let fake: FakeModel;
  before(async () => {
    fake = await startFakeModel({ defaultTurn: echoing401 });
  });
  after(async () => {
    await fake?.close();
    console.log('\n    secrets checklist');
    for (const [label, ok] of checklist) console.log(`    [${ok ? 'x' : ' '}] ${label}`);
    console.log('');
  });

  it('runtime + provider: a 401 that echoes the key leaves no trace of it anywhere', async () => {
    const key = canaryKey();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tutor-secrets-rt-'));
    const logs: string[] = [];
    const logger: Logger = {
      info: (m) => logs.push(m),
      warn: (m) => logs.push(m),
      error: (m, err) => logs.push(`${m} ${err instanceof Error ? err.stack : String(err ?? '')}`),
    };
    try {
      const { value: seen, output } = await captureOutput(async () => {
        const runtime = await openRuntime({ dataDir, logger, providers: createProviderFactory({ kind: 'openai', providerUrl: fake.url, apiKey: key }) });
        const call = (p: string, init?: RequestInit) => runtime.fetch(new Request(`http://tutor.local/v1${p}`, { ...init, headers: { 'content-type': 'application/json' } }));
        try {
          const assistant = (await (await call('/assistants', { method: 'POST', body: JSON.stringify({ model: 'gpt-4o' }) })).json()) as { id: string };
          const thread = (await (await call('/threads', { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: 'What is 2 + 2?' }] }) })).json()) as { id: string };
          // Raw SSE text, so nothing the SDK might drop goes unread.
          const sse = await (await call(`/threads/${thread.id}/runs`, { method: 'POST', body: JSON.stringify({ assistant_id: assistant.id, stream: true }) })).text();
          const runs = await (await call(`/threads/${thread.id}/runs`)).text();
          const runId = (JSON.parse(runs) as { data: { id: string }[] }).data[0]!.id;
          const steps = await (await call(`/threads/${thread.id}/runs/${runId}/steps`)).text();
          const messages = await (await call(`/threads/${thread.id}/messages`)).text();
          return { sse, runs, steps, messages };
        } finally {
          await runtime.close();
        }
      });

      await check('the key was sent to the provider (Authorization: Bearer)', () => assert.equal(sentKey(fake.requests.at(-1)!), key));
      const run = (JSON.parse(seen.runs) as { data: { status: string; last_error: { code: string; message: string } }[] }).data[0]!;
      await check('the run fails with a clear auth error', () => {
        assert.equal(run.status, 'failed');
        assert.equal(run.last_error.code, 'invalid_prompt');
        assert.match(run.last_error.message, /rejected the API key \(401\)/);
      });
      await check('run.last_error does not repeat the echoed key', () => assert.ok(!run.last_error.message.includes(key), run.last_error.message));
      await check('SSE events, runs, steps and messages do not contain the key', () => {
        for (const [name, text] of Object.entries(seen)) assert.ok(!text.includes(key), `${name} contains the key`);
      });
      await check('runtime logs do not contain the key', () => assert.ok(!logs.join('\n').includes(key)));
      await check('stdout/stderr of the host process do not contain the key', () => assert.ok(!output.includes(key)));
      const { hits, files } = grepTree([dataDir], key);
      await check(`the data dir (SQLite database and files, ${files} files) does not contain the key`, () => {
        assert.ok(files >= 1, 'the database was written');
        assert.deepEqual(hits, []);
      });
      settle();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('tutor-assistants serve', () => {
    interface Served { child: ChildProcess; url?: string; code?: number | null; output: () => string; exited: Promise<number | null> }

    /**
     * The shipped bundle with any flags (serveProcess.ts's `serve` takes no --host and rejects a
     * refusal); resolves once it listens, or with its exit code when it refuses to start.
     */
    function start(args: string[], env: Record<string, string> = {}): Promise<Served> {
      if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run node esbuild.mjs first (test/run.mjs does)`);
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: repoRoot,
        env: { ...process.env, OPENAI_API_KEY: '', TUTOR_PROVIDER_API_KEY: '', TUTOR_SERVER_TOKEN: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      const served: Served = { child, output: () => out, exited };
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line within 60 s:\n${out}`)), 60_000);
        child.stdout!.on('data', () => {
          const m = /^Assistants API listening on (http:\/\/\S+\/v1)$/m.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve({ ...served, url: m[1]! });
          }
        });
        void exited.then((code) => {
          clearTimeout(timer);
          resolve({ ...served, code });
        });
      });
    }

    async function stop(s: Served): Promise<void> {
      if (s.child.exitCode === null) s.child.kill('SIGTERM');
      await s.exited;
    }

    const isApiError = (body: unknown) => {
      const e = (body as { error?: Record<string, unknown> }).error;
      return !!e && typeof e.message === 'string' && e.type === 'invalid_request_error' && 'param' in e && e.code === 'invalid_api_key';
    };

    it('binds to loopback by default and needs the token; 401s are OpenAI-shaped and echo nothing', async () => {
      const token = `tok-${canaryKey()}`;
      const key = canaryKey();
      const data = mkdtempSync(path.join(tmpdir(), 'tutor-secrets-serve-'));
      const s = await start(['serve', '--port', '0', '--data', data, '--provider-url', fake.url, '--token', token], { TUTOR_PROVIDER_API_KEY: key });
      try {
        assert.ok(s.url, `the server did not start:\n${s.output()}`);
        const url = s.url;
        await check('loopback by default: listens on 127.0.0.1 without --host', () => assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/));
        const port = new URL(url).port;
        const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
        if (external) {
          await check(`loopback by default: not reachable on this machine's ${external}`, async () => {
            await assert.rejects(fetch(`http://${external}:${port}/v1/assistants`, { headers: { authorization: `Bearer ${token}` } }));
          });
        }

        const none = await fetch(`${url}/assistants`);
        const noneBody = await none.json();
        await check('no token → 401, OpenAI error shape (message, type, param, code)', () => {
          assert.equal(none.status, 401);
          assert.match(none.headers.get('content-type') ?? '', /application\/json/);
          assert.ok(isApiError(noneBody), JSON.stringify(noneBody));
        });
        const wrongToken = `wrong-${canaryKey()}`;
        const wrong = await fetch(`${url}/assistants`, { headers: { authorization: `Bearer ${wrongToken}` } });
        const wrongText = await wrong.text();
        await check('wrong token → 401, OpenAI error shape; neither token is echoed', () => {
          assert.equal(wrong.status, 401);
          assert.ok(isApiError(JSON.parse(wrongText)), wrongText);
          assert.ok(!wrongText.includes(wrongToken) && !wrongText.includes(token));
        });
        await check('the SDK reads a wrong token as AuthenticationError', () =>
          assert.rejects(new OpenAI({ apiKey: 'wrong', baseURL: url, maxRetries: 0 }).models.list(), (e: unknown) => e instanceof OpenAI.AuthenticationError));

        // The right token works, and a provider 401 echoing the provider key does not leak it.
        const client = new OpenAI({ apiKey: token, baseURL: url, maxRetries: 0 });
        const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
        const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Hi' }] });
        const run = await client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id }).finalRun();
        await check('the right token is accepted', () => assert.ok(assistant.id.startsWith('asst_')));
        await check('serve: the provider key reached the provider, and the run reports an auth error without it', () => {
          assert.equal(sentKey(fake.requests.at(-1)!), key);
          assert.equal(run.status, 'failed');
          assert.match(run.last_error?.message ?? '', /rejected the API key/);
          assert.ok(!JSON.stringify(run).includes(key), `the run object contains the key: ${run.last_error?.message}`);
        });
        await stop(s);
        await check('serve: stdout/stderr contain neither the provider key nor the token', () => {
          assert.ok(!s.output().includes(key), s.output());
          assert.ok(!s.output().includes(token));
        });
        const { hits, files } = grepTree([data], key);
        await check(`serve: the data dir (${files} files) does not contain the provider key`, () => assert.deepEqual(hits, []));
        settle();
      } finally {
        await stop(s);
        rmSync(data, { recursive: true, force: true });
      }
    });

    it('refuses a non-loopback host without a token (exit code 2, says why); starts with one', async () => {
      for (const host of ['0.0.0.0', '::']) {
        const s = await start(['serve', '--port', '0', '--host', host, '--provider-url', fake.url]);
        await check(`--host ${host} without a token → exit 2 and a reason`, () => {
          assert.equal(s.url, undefined, 'it must not listen');
          assert.equal(s.code, 2);
          assert.match(s.output(), new RegExp(`Refusing to serve on ${host.replace(/\./g, '\\.')} without a token`));
        });
      }
      const data = mkdtempSync(path.join(tmpdir(), 'tutor-secrets-serve-'));
      const s = await start(['serve', '--port', '0', '--host', '0.0.0.0', '--data', data, '--provider-url', fake.url], { TUTOR_SERVER_TOKEN: 'a-token-from-the-env' });
      try {
        await check('--host 0.0.0.0 with TUTOR_SERVER_TOKEN starts, and still wants the token', async () => {
          assert.ok(s.url, s.output());
          const port = new URL(s.url).port;
          assert.equal((await fetch(`http://127.0.0.1:${port}/v1/assistants`)).status, 401);
          assert.equal((await fetch(`http://127.0.0.1:${port}/v1/assistants`, { headers: { authorization: 'Bearer a-token-from-the-env' } })).status, 200);
        });
        settle();
      } finally {
        await stop(s);
        rmSync(data, { recursive: true, force: true });
      }
    });
  });
});
