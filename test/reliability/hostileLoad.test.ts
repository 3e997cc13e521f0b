// Hostile requests to `tutor-assistants serve` over TCP, each row of issue 13's table as an
// attacker sends it: huge bodies (with and without Content-Length), a huge upload, searches and
// filters built to be slow, objects with millions of keys, giant texts, bad flags and a request
// without Host. Each must get a fast, clear refusal in OpenAI's error shape; meanwhile a small
// request keeps being answered about as fast as usual, and the server's memory is back within
// 50 MB afterwards. Figures are printed per row.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI, { APIError } from 'openai';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { defaultDriver, killLeftovers, rssMb, serve, startServe, stop, type Served } from '../../harness/serveProcess';

const TOKEN = 'hostile-load-token-0123';
const MB = 1024 * 1024;

interface Answer {
  status: number;
  body: string;
  ms: number;
}

/**
 * Sends `total` bytes of body made by repeating `chunk` after `head` (never held whole in this
 * process), with a Content-Length or chunked; resolves on the server's answer, which may come
 * long before the body is sent (then sending stops).
 */
function send(url: string, options: { path: string; contentType: string; head?: string; chunk?: string; total: number; declareLength: boolean; tail?: string }): Promise<Answer> {
  const started = performance.now();
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      hostname, port, method: 'POST', path: options.path,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': options.contentType, ...(options.declareLength ? { 'content-length': options.total } : { 'transfer-encoding': 'chunked' }) },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, ms: performance.now() - started }));
    });
    // The server closes the connection after refusing, so a write still in flight can fail
    // (EPIPE, ECONNRESET) a moment before the answer is read: give the answer that moment.
    req.on('error', (err) => (answered ? undefined : setTimeout(() => answered || reject(err), 500)));
    const chunk = Buffer.from(options.chunk ?? ' '.repeat(MB));
    let sent = 0;
    const pump = () => {
      while (!answered && !req.destroyed && sent < options.total - (options.tail?.length ?? 0)) {
        const piece = chunk.subarray(0, Math.min(chunk.length, options.total - (options.tail?.length ?? 0) - sent));
        sent += piece.length;
        // One chunk per turn of the event loop, so an answer is read as soon as it arrives.
        if (!req.write(piece)) return void req.once('drain', pump);
        return void setImmediate(pump);
      }
      if (!answered && !req.destroyed) req.end(options.tail ?? '');
    };
    if (options.head) sent += (req.write(options.head), options.head.length);
    // A server that judges by Content-Length answers at once; giving it a moment first, as a
    // client sending `Expect: 100-continue` would, keeps the answer from racing our writes.
    if (options.declareLength) setTimeout(pump, 200);
    else pump();
  });
}

/** A JSON POST of a body made here in full (for the rows whose bodies are a few MB at most). */
async function postJson(url: string, route: string, text: string): Promise<Answer> {
  // Encoded before the clock starts: encoding 50 MB would block this process, not the server.
  const body = Buffer.from(text);
  const started = performance.now();
  const res = await fetch(`${url}${route}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body });
  return { status: res.status, body: await res.text(), ms: performance.now() - started };
}

/**
 * Another client on its own thread, so the time this process spends sending a hostile body is
 * not counted against the server. It first takes its usual time (the median of 9 small requests,
 * just before the attack, so a machine busy with other work is judged against itself), then
 * sends one every 25 ms until `stop`, which gives the usual and the worst time.
 */
async function neighbour(url: string): Promise<{ usualMs: number; stop: () => Promise<number> }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
    let done = false, worst = 0;
    parentPort.once('message', () => (done = true));
    const small = async () => {
      const started = performance.now();
      const res = await fetch(workerData.url, { headers: { authorization: workerData.auth } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error('the small request got ' + res.status);
      return performance.now() - started;
    };
    (async () => {
      const times = [];
      for (let i = 0; i < 9; i++) times.push(await small());
      parentPort.postMessage({ usual: times.sort((a, b) => a - b)[4] });
      while (!done) {
        worst = Math.max(worst, await small());
        await new Promise((r) => setTimeout(r, 25));
      }
      parentPort.postMessage({ worst });
    })();`,
    { eval: true, workerData: { url, auth: `Bearer ${TOKEN}` } },
  );
  const next = () =>
    new Promise<{ usual?: number; worst?: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const { usual } = await next();
  return { usualMs: usual!, stop: async () => (worker.postMessage('stop'), (await next().finally(() => worker.terminate())).worst!) };
}

function errorOf(answer: Answer): { message: string; type: string; param: string | null; code: string | null } {
  const parsed = JSON.parse(answer.body) as { error: { message: string; type: string; param: string | null; code: string | null } };
  assert.equal(parsed.error.type, 'invalid_request_error', answer.body);
  return parsed.error;
}

describe(`hostile load against tutor-assistants serve (${defaultDriver()})`, function () {
  this.timeout(300_000);
  const data = mkdtempSync(path.join(tmpdir(), 'tutor-hostile-'));
  let fake: FakeModel;
  let server: Served;
  let storeId = '';
  const rows: string[] = [];

  /**
   * Runs a hostile request while another client sends small ones beside it (one every 25 ms);
   * checks the refusal's status, the small requests' worst time against the usual, and RSS after.
   * A slow small request gets the attack repeated once: a server that stalls on the attack stalls
   * both times, while a spike from other work on a shared machine does not come back on cue.
   */
  async function hostile(name: string, attack: () => Promise<Answer>, status: number, message: RegExp): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const rssBefore = rssMb(server.child.pid!);
      const beside = await neighbour(`${server.url}/assistants?limit=1`);
      let answer: Answer;
      let worst = 0;
      try {
        answer = await attack();
      } finally {
        worst = await beside.stop();
      }
      const rssAfter = rssMb(server.child.pid!);
      const label = attempt === 1 ? name : `${name} (again)`;
      rows.push(`${label.padEnd(58)} ${String(answer.status).padStart(3)} in ${answer.ms.toFixed(0).padStart(6)} ms; small request worst ${worst.toFixed(0).padStart(4)} ms (usual ${beside.usualMs.toFixed(0)}); RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB`);
      assert.equal(answer.status, status, answer.body.slice(0, 500));
      assert.match(errorOf(answer).message, message);
      assert.ok(rssAfter - rssBefore < 50, `"${name}" left the server ${(rssAfter - rssBefore).toFixed(0)} MB bigger`);
      if (worst <= beside.usualMs + 100) return;
      assert.ok(attempt < 2, `a small request beside "${name}" took ${worst.toFixed(0)} ms (usually ${beside.usualMs.toFixed(0)} ms), twice`);
    }
  }

  before(async () => {
    fake = await startFakeModel();
    server = await serve({ data, providerUrl: fake.url, token: TOKEN, driver: defaultDriver() });
    const store = await postJson(server.url, '/vector_stores', JSON.stringify({ name: 'notes' }));
    storeId = (JSON.parse(store.body) as { id: string }).id;
  });
  after(async () => {
    console.log(`\n    ${rows.join('\n    ')}\n`);
    if (server) await stop(server);
    killLeftovers();
    await fake?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('600 MB JSON body: 413 by its Content-Length, and again when sent chunked', async () => {
    const json = { path: '/v1/assistants', contentType: 'application/json', head: '{"model":"gpt-4o","instructions":"', total: 600 * MB };
    await hostile('600 MB JSON, Content-Length', () => send(server.url, { ...json, declareLength: true }), 413, /larger than this endpoint accepts \(4 MB\)/);
    await hostile('600 MB JSON, chunked', () => send(server.url, { ...json, declareLength: false }), 413, /larger than this endpoint accepts \(4 MB\)/);
  });

  it('a client that keeps sending after its 413 and reads late still gets the answer, not a reset', async () => {
    // Headers and a chunked body over the 4 MB limit; then 40 more chunks while this side reads
    // nothing. A server that closed at once would meet those chunks with a TCP reset, and the
    // reset would throw away the 413 waiting unread in this socket.
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.pause();
    let received = '';
    socket.on('data', (d) => (received += d));
    const closed = new Promise<string | undefined>((resolve) => {
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code));
      socket.once('close', () => resolve(undefined));
    });
    const piece = ' '.repeat(256 * 1024);
    const chunk = `${piece.length.toString(16)}\r\n${piece}\r\n`;
    socket.write(`POST /v1/assistants HTTP/1.1\r\nhost: ${hostname}:${port}\r\nauthorization: Bearer ${TOKEN}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`);
    socket.write(`${(11).toString(16)}\r\n{"model":"x\r\n`);
    for (let i = 0; i < 20; i++) socket.write(chunk);
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 10));
      if (socket.destroyed) break;
      socket.write(chunk);
    }
    socket.resume();
    const error = await closed;
    assert.match(received, /^HTTP\/1\.1 413 /, `the 413 was read (socket ended with ${error ?? 'a clean close'}; got ${JSON.stringify(received.slice(0, 80))})`);
    assert.match(received, /larger than this endpoint accepts \(4 MB\)/);
  });

  it('2.5 GB upload: 413 by its Content-Length; a 600 MB chunked one at 512 MB, leaving nothing on disk', async () => {
    const boundary = 'tutorboundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nassistants\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const upload = { path: '/v1/files', contentType: `multipart/form-data; boundary=${boundary}`, head, tail: `\r\n--${boundary}--\r\n` };
    await hostile('2.5 GB upload, Content-Length', () => send(server.url, { ...upload, total: 2560 * MB, declareLength: true }), 413, /The file is larger than this endpoint accepts \(512 MB\)/);
    await hostile('600 MB upload, chunked', () => send(server.url, { ...upload, total: 600 * MB, declareLength: false }), 413, /The file is larger than this endpoint accepts \(512 MB\)/);
    const files = path.join(data, 'files');
    assert.deepEqual(readdirSync(files).filter((f) => !f.startsWith('file-')), [], 'no partial upload left on disk');
    const list = await fetch(`${server.url}/files`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(((await list.json()) as { data: unknown[] }).data.length, 0, 'no File object for a refused upload');
  });

  it('vector store search with 100,000 queries, or more queries than allowed: refused before searching', async () => {
    // Bodies are built before each measurement: building them would block this process, not the server.
    const many = JSON.stringify({ query: Array.from({ length: 100_000 }, (_, i) => `query number ${i}`) });
    await hostile('search, 100,000 queries (2.2 MB)', () => postJson(server.url, `/vector_stores/${storeId}/search`, many), 413, /larger than this endpoint accepts \(1 MB\)/);
    const over = JSON.stringify({ query: Array.from({ length: 21 }, (_, i) => `q${i}`) });
    await hostile('search, 21 queries', () => postJson(server.url, `/vector_stores/${storeId}/search`, over), 400, /'query' holds at most 20 queries/);
  });

  it('metadata with 2 million keys, and with 200,000 keys in a body under the limit: refused at once', async () => {
    const keys = (n: number) => `{"model":"gpt-4o","metadata":{${Array.from({ length: n }, (_, i) => `"${i.toString(36)}":""`).join(',')}}}`;
    const huge = keys(2_000_000);
    await hostile('metadata, 2,000,000 keys', () => postJson(server.url, '/assistants', huge), 413, /larger than this endpoint accepts/);
    const many = keys(200_000);
    await hostile('metadata, 200,000 keys (under 4 MB)', () => postJson(server.url, '/assistants', many), 400, /more than 100,000 values/);
    await hostile('metadata, 17 keys', () => postJson(server.url, '/assistants', keys(17)), 400, /Metadata has at most 16 keys/);
  });

  it('50 MB message text or function description: 413; over the field limit: 400 in OpenAI words', async () => {
    const thread = JSON.parse((await postJson(server.url, '/threads', '{}')).body) as { id: string };
    const message = (chars: number) => JSON.stringify({ role: 'user', content: 'x'.repeat(chars) });
    const fifty = { contentType: 'application/json', chunk: 'x'.repeat(MB), total: 50 * MB, declareLength: true };
    await hostile('message text, 50 MB', () => send(server.url, { ...fifty, path: `/v1/threads/${thread.id}/messages`, head: '{"role":"user","content":"' }), 413, /larger than this endpoint accepts \(16 MB\)/);
    const long = message(300_000);
    await hostile('message text, 300,000 characters', () => postJson(server.url, `/threads/${thread.id}/messages`, long), 400, /^Invalid 'content': string too long\. Expected a string with maximum length 256000, but got a string with length 300000 instead\.$/);
    const described = (chars: number) => JSON.stringify({ model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'f', description: 'd'.repeat(chars) } }] });
    const head = '{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f","description":"';
    await hostile('function description, 50 MB', () => send(server.url, { ...fifty, path: '/v1/assistants', head }), 413, /larger than this endpoint accepts \(4 MB\)/);
    const longTool = described(2_000);
    await hostile('function description, 2,000 characters', () => postJson(server.url, '/assistants', longTool), 400, /^Invalid 'tools\[0\]\.function\.description': string too long\. Expected a string with maximum length 1024/);
  });

  it('filters with 280,000 leaves or a 1,000,000-value `in`, and over the term limit: refused before matching', async () => {
    const search = (filters: unknown) => JSON.stringify({ query: 'chain rule', filters });
    const leaves = (n: number) => ({ type: 'or', filters: Array.from({ length: n }, (_, i) => ({ type: 'eq', key: 'k', value: i })) });
    const [wide, longIn, over] = [search(leaves(280_000)), search({ type: 'in', key: 'k', value: Array.from({ length: 1_000_000 }, (_, i) => i) }), search(leaves(1_001))];
    await hostile('filter, 280,000 leaves', () => postJson(server.url, `/vector_stores/${storeId}/search`, wide), 413, /larger than this endpoint accepts \(1 MB\)/);
    await hostile('filter, `in` of 1,000,000 values', () => postJson(server.url, `/vector_stores/${storeId}/search`, longIn), 413, /larger than this endpoint accepts/);
    await hostile('filter, 1,001 leaves (under 1 MB)', () => postJson(server.url, `/vector_stores/${storeId}/search`, over), 400, /'filters' holds at most 1000 comparisons/);
  });

  it('the SDK reads an oversized body as the 413 it is, every time, and does not resend it', async () => {
    // The answer comes while the SDK is still writing; a connection closed under that write would
    // surface as a connection error, which the SDK retries with the same body (seen under CPU load).
    let sends = 0;
    const client = new OpenAI({ apiKey: TOKEN, baseURL: server.url, maxRetries: 2, fetch: (url, init) => (sends++, fetch(url, init)) });
    const name = 'n'.repeat(24 * MB);
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      const err = await client.vectorStores.create({ name }).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof APIError && err.status === 413, `attempt ${i + 1}: ${String(err)}`);
      assert.match(err.message, /larger than this endpoint accepts \(1 MB\)/);
    }
    rows.push(`${'SDK, 24 MB vector store name, 20 times'.padEnd(58)} 413 in ${((performance.now() - started) / 20).toFixed(0).padStart(6)} ms each; ${sends} requests sent`);
    assert.equal(sends, 20, 'a refused body was sent again');
  });

  it('a request without a Host header: 400 in OpenAI shape', async () => {
    const { port } = new URL(server.url);
    const started = performance.now();
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(`GET /v1/assistants HTTP/1.1\r\nauthorization: Bearer ${TOKEN}\r\n\r\n`));
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    rows.push(`${'no Host header'.padEnd(58)} ${head.split(' ')[1]} in ${(performance.now() - started).toFixed(0).padStart(6)} ms`);
    assert.match(head, /^HTTP\/1\.1 400/);
    assert.match(errorOf({ status: 400, body, ms: 0 }).message, /no Host header/);
  });
});

describe('tutor-assistants serve: flags that could not work are refused at start', function () {
  this.timeout(60_000);
  const data = mkdtempSync(path.join(tmpdir(), 'tutor-flags-'));
  after(() => rmSync(data, { recursive: true, force: true }));

  async function refused(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
    try {
      const served = await startServe(['serve', '--port', '0', '--data', data, ...args], { env });
      await stop(served);
      throw new Error(`the server started with ${args.join(' ')}`);
    } catch (err) {
      return err as { code: number; out: string };
    }
  }

  it('a blank, padded or short token, even with --host 0.0.0.0', async () => {
    const blank = await refused(['--host', '0.0.0.0'], { TUTOR_SERVER_TOKEN: ' ' });
    assert.equal(blank.code, 2);
    assert.match(blank.out, /The token is blank/);
    assert.match((await refused(['--token', ' padded-token-0123456 '], {})).out, /starts or ends with spaces/);
    const short = await refused(['--token', 'short'], {});
    assert.equal(short.code, 2);
    assert.match(short.out, /at least 16 characters long \(it is 5\)/);
  });

  it('serves on bracketed IPv6 loopback, [::1]', async () => {
    const served = await startServe(['serve', '--port', '0', '--data', data, '--host', '[::1]'], {});
    try {
      assert.match(served.url, /^http:\/\/\[::1\]:\d+\/v1$/);
      const res = await fetch(`${served.url}/assistants`);
      assert.equal(res.status, 200);
    } finally {
      await stop(served);
    }
  });
});
