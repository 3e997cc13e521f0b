// @both-drivers: `test/run.mjs reliability` runs this suite on Node 20 (sql.js) and again on Node 24 (node:sqlite).
/**
 * Issue #6 §1, bad-input fuzzing: fast-check generates requests from the runtime's own request
 * schemas and breaks them (wrong types, missing and extra fields, 1 MB strings, hostile unicode,
 * bad ids and cursors, broken JSON and multipart, wrong methods, content types and tokens), and
 * sends them over real HTTP to `tutor-assistants serve`, mixed with valid ones so threads, runs,
 * files and vector stores exist to be broken. Every answer must be a 2xx that matches the OpenAI
 * spec or a 4xx in OpenAI's error shape; the server must never answer 5xx, log an internal error
 * or die. Afterwards the server stops cleanly and its database must be consistent.
 *
 * FUZZ_SEED replays a run (the seed is printed); FUZZ_SCALE multiplies the number of requests.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import Mocha from 'mocha';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { specErrors } from '../harness/spec';
import { checkConsistency } from './consistency';
import { ENDPOINTS } from './fuzz/endpoints';
import { fuzzModelTurn } from './fuzz/model';
import { planArb } from './fuzz/requests';
import { FuzzSession } from './fuzz/session';
import { startStandalone } from './fuzz/standalone';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_260_806;
const SCALE = process.env.FUZZ_SCALE ? Number(process.env.FUZZ_SCALE) : 1;
if (!Number.isSafeInteger(SEED) || !(SCALE > 0)) throw new Error(`FUZZ_SEED must be an integer and FUZZ_SCALE a positive number (got ${process.env.FUZZ_SEED}, ${process.env.FUZZ_SCALE})`);
/** Property runs per endpoint in its own group, and for the all-endpoints group (batches average 3 requests). */
const RUNS_PER_ENDPOINT = Math.ceil(50 * SCALE);
const MIXED_RUNS = Math.ceil(1_500 * SCALE);
const TOKEN = 'fuzz-token-0123456789';

const log = (...lines: string[]) => {
  for (const line of lines) Mocha.reporters.Base.consoleLog(`      ${line}`);
};

describe('bad-input fuzzing over the standalone server (issue #6 §1)', function () {
  let fake: FakeModel;
  let dataDir: string;
  let session: FuzzSession;
  const started = Date.now();
  let anyFailed = false;
  const driver = process.env.TUTOR_STORE_DRIVER ?? 'auto';

  before(async function () {
    this.timeout(120_000);
    log(`Node ${process.versions.node}, store driver ${driver}, seed ${SEED} (FUZZ_SEED=${SEED} replays it), scale ${SCALE}`);
    // Loading the 3 MB spec takes seconds: done here, so it does not count as the first answer's time.
    specErrors('ErrorResponse', { error: { message: 'warm-up', type: 'x', param: null, code: null } });
    fake = await startFakeModel({ defaultTurn: fuzzModelTurn });
    dataDir = mkdtempSync(path.join(tmpdir(), 'tutor-fuzz-'));
    const server = await startStandalone({ dataDir, providerUrl: fake.url, token: TOKEN });
    // The fake keeps every request it got; bodies with 1 MB messages add up over thousands of runs.
    session = new FuzzSession(server, TOKEN, () => void fake.requests.splice(0));
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') anyFailed = true;
  });

  after(async function () {
    this.timeout(60_000);
    if (session) {
      log('', ...session.stats.report(), `suite time ${((Date.now() - started) / 1000).toFixed(1)} s on Node ${process.versions.node} (${driver})`, '');
      if (!session.server.exit) await session.server.stop();
    }
    await fake?.close();
    if (dataDir && !anyFailed) rmSync(dataDir, { recursive: true, force: true });
    else if (dataDir) log(`data folder kept for inspection: ${dataDir}`);
  });

  const groups = [...new Set(ENDPOINTS.map((e) => e.group))];
  groups.forEach((group, i) => {
    const endpoints = ENDPOINTS.filter((e) => e.group === group);
    it(`${group}: ${endpoints.length} endpoints answer bad input with OpenAI-shaped 4xx, good input with spec-valid 2xx`, async function () {
      this.timeout(300_000);
      await buildStartingState(session);
      const failure = await session.fuzz(fc.oneof(...endpoints.map(planArb)), endpoints.length * RUNS_PER_ENDPOINT, SEED + i);
      if (failure) assert.fail(failure);
    });
  });

  it('all endpoints interleaved, so requests race each other on shared objects', async function () {
    this.timeout(300_000);
    await buildStartingState(session);
    const failure = await session.fuzz(fc.oneof(...ENDPOINTS.map(planArb)), MIXED_RUNS, SEED + groups.length);
    if (failure) assert.fail(failure);
  });

  it(`sent at least ${Math.round(10_000 * Math.min(SCALE, 1))} requests and the server never logged an internal error`, () => {
    assert.ok(session.stats.sent >= 10_000 * Math.min(SCALE, 1), `only ${session.stats.sent} requests were sent`);
    assert.deepEqual(session.server.problems(), []);
    assert.equal(session.server.exit, undefined, `the server exited: ${session.server.output().slice(-3000)}`);
  });

  it('stops cleanly on SIGTERM and leaves a consistent database and file store', async function () {
    this.timeout(120_000);
    assert.equal(await session.server.stop(), 0, session.server.output().slice(-3000));
    const problems = await checkConsistency(dataDir);
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    const blobs = readdirSync(path.join(dataDir, 'files')).reduce((n, f) => n + statSync(path.join(dataDir, 'files', f)).size, 0);
    log(`consistency check (${driver}): ${problems.length ? `${problems.length} problem(s)` : 'consistent'}; database ${mb(statSync(path.join(dataDir, 'tutor.sqlite')).size)}, file bytes ${mb(blobs)}`);
    assert.deepEqual(problems, []);
  });
});

/**
 * Valid objects of every kind, made before each group so its first requests find threads with
 * runs (one waiting for tool outputs), files, and stores with files and batches, whatever the
 * groups before it deleted.
 */
async function buildStartingState(s: FuzzSession): Promise<void> {
  const newest = (kind: Parameters<FuzzSession['pool']['newest']>[0], back = 0) => s.pool.newest(kind, back);
  await s.call('POST', '/assistants', 'POST /assistants', { model: 'gpt-4o', tools: [{ type: 'file_search' }] });
  await s.call('POST', '/assistants', 'POST /assistants', { model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }] });
  await s.call('POST', '/assistants', 'POST /assistants', { model: 'gpt-4o', name: 'Plain tutor', instructions: 'Be brief.' });
  const [plain, withFunction, withSearch] = [newest('assistant'), newest('assistant', 1), newest('assistant', 2)];
  const texts = ['The quadratic formula solves ax^2 + bx + c = 0.', 'Eigenvalues of a matrix are roots of its characteristic polynomial.', 'Lorem ipsum dolor sit amet.'];
  for (const [i, text] of texts.entries()) await s.call('POST', '/files', 'POST /files', upload(`notes${i}.txt`, text), `multipart/form-data; boundary=${BOUNDARY}`);
  const files = [newest('file'), newest('file', 1), newest('file', 2)];
  await s.call('POST', '/vector_stores', 'POST /vector_stores', { name: 'Notes', file_ids: [files[0], files[1]] });
  await s.call('POST', '/vector_stores', 'POST /vector_stores', { name: 'More notes' });
  const vs = newest('vector_store');
  await s.call('POST', `/vector_stores/${vs}/files`, 'POST /vector_stores/{vector_store_id}/files', { file_id: files[2] });
  await s.call('POST', `/vector_stores/${vs}/file_batches`, 'POST /vector_stores/{vector_store_id}/file_batches', { file_ids: [files[0], files[1]] });
  await s.call('POST', '/threads', 'POST /threads', { messages: [{ role: 'user', content: 'Solve 3x + 11 = 14.' }] });
  const waiting = newest('thread');
  await s.call('POST', '/threads', 'POST /threads', { metadata: { course: 'algebra' } });
  const searching = newest('thread');
  await s.call('POST', '/threads/runs', 'POST /threads/runs', { assistant_id: plain, thread: { messages: [{ role: 'user', content: 'Hello' }] }, stream: true });
  // A run that calls the caller's function and waits for its output.
  await s.call('POST', `/threads/${waiting}/runs`, 'POST /threads/{thread_id}/runs', { assistant_id: withFunction, stream: true });
  await s.call('POST', `/threads/${searching}/messages`, 'POST /threads/{thread_id}/messages', { role: 'user', content: 'What is an eigenvalue?' });
  await s.call('POST', `/threads/${searching}/runs`, 'POST /threads/{thread_id}/runs', { assistant_id: withSearch, stream: true });
  for (const thread of [waiting, searching]) {
    await s.call('GET', `/threads/${thread}/messages`, 'GET /threads/{thread_id}/messages');
    const run = s.pool.pick('run', 0, { thread_id: thread });
    if (run) await s.call('GET', `/threads/${thread}/runs/${run.id}/steps`, 'GET /threads/{thread_id}/runs/{run_id}/steps');
  }
  // The Responses side: a conversation with an answered response in it, a response that waits for
  // a function's output, a background one, and a container.
  await s.call('POST', '/conversations', 'POST /conversations', { items: [{ role: 'user', content: 'Factor x^2 - 1.' }] });
  const conversation = newest('conversation');
  await s.call('POST', '/responses', 'POST /responses', { model: 'gpt-4o', conversation, input: 'Go on.', tools: [{ type: 'file_search', vector_store_ids: [vs] }] });
  await s.call('POST', '/responses', 'POST /responses', { model: 'gpt-4o', input: 'Look it up.', tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} } }], stream: true });
  await s.call('POST', '/responses', 'POST /responses', { model: 'gpt-4o', input: 'Later.', background: true });
  await s.call('GET', `/conversations/${conversation}/items`, 'GET /conversations/{conversation_id}/items');
  await s.call('POST', '/containers', 'POST /containers', { name: 'fuzz', file_ids: [files[0]] });
}

const BOUNDARY = 'startingstate';
/** A well-formed multipart upload of a small text file. */
function upload(filename: string, text: string): Uint8Array {
  return new TextEncoder().encode(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nassistants\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--${BOUNDARY}--\r\n`,
  );
}
