import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Mocha from 'mocha';
import { createThreadFrom, EMBEDDED_CONCURRENCY, ImportCancelled } from '../../../src/extension/chat/threadImport';
import { messageText } from '../../../src/extension/chat/threadLoader';
import { drain, openFixture, type Fixture } from '../../runtime/fixture';

const conversation = Array.from({ length: 1000 }, (_, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), text: `message ${i}${i % 7 ? '' : '\n\n$$x^2$$\n'}` }));

// On disk with sql.js, where every write answers only once a snapshot holds it: the case that
// makes one-at-a-time imports slow, and the one where requests in flight together must still
// be stored in order.
describe('importing a conversation into a new thread (sql.js on disk)', function () {
  this.timeout(120_000);
  let fx: Fixture;

  before(async () => {
    fx = await openFixture({ dataDir: mkdtempSync(path.join(tmpdir(), 'tutor-import-')), driver: 'sql.js' });
  });
  after(async () => fx.close());

  it('stores 1,000 messages, user and assistant, in the file’s order', async () => {
    const started = Date.now();
    let reported = 0;
    const threadId = await createThreadFrom(fx.client, conversation, { concurrency: EMBEDDED_CONCURRENCY, onProgress: (done) => (reported = done) });
    Mocha.reporters.Base.consoleLog(`      1,000 messages imported in ${Date.now() - started} ms`);
    const stored = await drain(fx.client.beta.threads.messages.list(threadId, { order: 'asc', limit: 100 }));
    assert.deepEqual(stored.map((m) => ({ role: m.role, text: messageText(m) })), conversation);
    assert.equal(reported, 1000);
  });

  it('leaves no thread behind when cancelled', async () => {
    const threads = await fx.runtime.store.count('thread', {});
    const abort = new AbortController();
    await assert.rejects(
      createThreadFrom(fx.client, conversation, { concurrency: EMBEDDED_CONCURRENCY, signal: abort.signal, onProgress: (done) => done === 100 && abort.abort() }),
      (err: unknown) => err instanceof ImportCancelled,
    );
    assert.equal(await fx.runtime.store.count('thread', {}), threads);
  });
});
