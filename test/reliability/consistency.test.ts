// @both-drivers: `test/run.mjs reliability` runs this suite on Node 20 (sql.js) and again on Node 24 (node:sqlite).
/**
 * The consistency checker itself: silent on a data folder the runtime left after a clean close,
 * and naming each kind of damage when a folder is broken behind the runtime's back, so a suite
 * that finds it silent has learnt something.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toFile } from 'openai';
import { openDatabase } from '../../src/runtime/store/open';
import { openFixture } from '../runtime/fixture';
import { checkConsistency } from './consistency';

describe('checkConsistency (the data-folder checker the reliability suites share)', function () {
  this.timeout(120_000);
  let dataDir: string;
  let ids: { thread: string; run: string; file: string; store: string };

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tutor-consistency-'));
    const fx = await openFixture({ dataDir });
    try {
      const { client, fake } = fx;
      const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
      const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'What is 2 + 2?' }] });
      fake.script({ text: ['Four.'] });
      const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
      const file = await client.files.create({ file: await toFile(Buffer.from('Two plus two is four.'), 'sums.txt'), purpose: 'assistants' });
      const store = await client.vectorStores.create({ name: 'sums', file_ids: [file.id] });
      await fx.runtime.vectorStores.idle();
      ids = { thread: thread.id, run: run.id, file: file.id, store: store.id };
    } finally {
      await fx.close();
    }
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finds nothing wrong with what a clean close left', async () => {
    assert.deepEqual(await checkConsistency(dataDir), []);
  });

  it('names orphans, a live run, wrong counts, and missing or stray file bytes', async () => {
    const db = await openDatabase({ dir: dataDir });
    try {
      const rewrite = async (id: string, change: (body: Record<string, unknown>) => void, status?: string) => {
        const row = (await db.get<{ body: string }>('SELECT body FROM objects WHERE id = ?', [id]))!;
        const body = await JSON.parse(row.body) as Record<string, unknown>;
        change(body);
        await db.run('UPDATE objects SET body = ?, status = coalesce(?, status) WHERE id = ?', [JSON.stringify(body), status ?? null, id]);
      };
      await rewrite(ids.run, (r) => (r.status = 'in_progress'), 'in_progress');
      await rewrite(ids.store, (s) => ((s.file_counts as { completed: number }).completed += 1));
      await db.run('DELETE FROM objects WHERE id = ?', [ids.thread]);
      db.persist(true);
    } finally {
      await db.close();
    }
    unlinkSync(path.join(dataDir, 'files', ids.file));
    writeFileSync(path.join(dataDir, 'files', 'file-stray'), 'left behind');

    const problems = (await checkConsistency(dataDir)).join('\n');
    assert.match(problems, new RegExp(`message \\S+: its thread ${ids.thread} does not exist`));
    assert.match(problems, new RegExp(`run ${ids.run}: its thread ${ids.thread} does not exist`));
    assert.match(problems, new RegExp(`run ${ids.run} is still in_progress`));
    assert.match(problems, new RegExp(`vector_store ${ids.store}: file_counts.completed is 2, its files say 1`));
    assert.match(problems, new RegExp(`file ${ids.file}: its bytes are missing`));
    assert.match(problems, /files\/file-stray: no File object owns it/);
    assert.deepEqual(await checkConsistency(dataDir, { allowLive: true }).then((p) => p.filter((x) => x.includes('still'))), []);
  });
});
