import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type OpenAI from 'openai';
import { toFile } from 'openai';
import * as vscode from 'vscode';
import { summarize, type KnowledgeReport } from '../../src/extension/knowledge/knowledge';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { note, tutor, useProvider, waitFor } from './util';

/** The fixture folder, written into the harness's temporary workspace (so no test dirties samples/). */
const FOLDER = 'knowledge-test';

/** A long page, so the cited chunk starts mid-file and "open at the passage" has somewhere to go. */
const SERIES = Array.from({ length: 60 }, (_, i) => `## Exercise ${i + 1}\n\nFind the sum of the first ${i + 2} terms of the series with ratio 1/${i + 2}.\n`).join('\n')
  + '\n## The zeta detour\n\nEuler showed that the   sum of 1/n^2 over all positive integers\nequals pi^2/6, the Basel problem.\n';

const FILES: Record<string, string | Uint8Array> = {
  '.gitignore': 'ignored/\n*.secret.md\n',
  'algebra.md': '# Algebra\n\nTo solve 3x + 11 = 14, subtract 11 from both sides, then divide by 3.\n',
  'series.md': SERIES,
  'sieve.py': 'def primes(n):\n    """The sieve of Eratosthenes."""\n    marks = [True] * (n + 1)\n    return [i for i in range(2, n + 1) if marks[i]]\n',
  'limits.tex': '\\section{Limits}\nThe limit of $\\sin(x)/x$ as $x \\to 0$ is $1$.\n',
  'ignored/private.md': 'Not for the tutor.\n',
  'answers.secret.md': 'x = 1\n',
  'node_modules/pkg/README.md': 'A dependency.\n',
  // Not a document: bytes with NULs under an extension file search does not read.
  'blob.bin': new Uint8Array([0, 159, 146, 150, 0, 0, 255, 1, 2, 3, 0]),
};
const INDEXED = ['algebra.md', 'limits.tex', 'series.md', 'sieve.py'].map((f) => `${FOLDER}/${f}`);

async function storeFiles(client: OpenAI, storeId: string) {
  const files: OpenAI.VectorStores.VectorStoreFile[] = [];
  for await (const f of client.vectorStores.files.list(storeId, { limit: 100 })) files.push(f);
  return files;
}

describe('knowledge: Add Files to Knowledge and citations (embedded runtime)', function () {
  this.timeout(90_000);
  let fake: FakeModel;
  const root = path.join(process.env.TUTOR_TEST_WORKSPACE!, FOLDER);

  before(async () => {
    fake = await startFakeModel();
    await useProvider({ provider: 'custom', providerUrl: fake.url });
    for (const [name, content] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), content);
    }
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(root, { recursive: true, force: true });
    await fake.close();
  });

  it('indexes the glob\'s files, leaves out .gitignored ones and node_modules, and reports the file that cannot be indexed', async () => {
    const api = await tutor();
    const started = Date.now();
    const report = await vscode.commands.executeCommand<KnowledgeReport>('tutor.addFilesToKnowledge', { glob: `${FOLDER}/**` });
    note(`add ${Object.keys(FILES).length} files → indexed in ${Date.now() - started} ms`);
    note(summarize(report));
    assert.deepEqual([...report.indexed].sort(), INDEXED);
    assert.equal(report.failed.length, 1, JSON.stringify(report.failed));
    assert.equal(report.failed[0]!.path, `${FOLDER}/blob.bin`);
    assert.ok(report.failed[0]!.reason.length > 5, 'the failure carries the server\'s reason');
    assert.equal(report.skipped.ignored, 2, 'ignored/private.md and answers.secret.md');
    assert.equal(report.skipped.hidden, 1, '.gitignore');
    assert.equal(report.cancelled, false);

    const client = await api.runtime.client();
    const storeId = api.knowledge.knowledgeStoreId()!;
    assert.equal(report.storeId, storeId);
    const store = await client.vectorStores.retrieve(storeId);
    assert.equal(store.name, `Tutor knowledge: ${vscode.workspace.name}`);
    const files = await storeFiles(client, storeId);
    assert.deepEqual(files.map((f) => f.status), files.map(() => 'completed'), 'a failed file is not left in the store');
    assert.deepEqual(files.map((f) => api.knowledge.relativePathOf(f.id)).sort(), INDEXED);
    // A custom server and no embeddings model named: nothing from the files went to /embeddings.
    assert.deepEqual(fake.requests.filter((r) => r.path.endsWith('/embeddings')), []);
  });

  it('embeds with the model named in tutor.fileSearch.embeddingsModel, and stops asking when tutor.fileSearch.embeddings is off', async () => {
    const api = await tutor();
    const client = await api.runtime.client();
    const storeId = api.knowledge.knowledgeStoreId()!;
    const config = () => vscode.workspace.getConfiguration('tutor');
    const embeddingRequests = () => fake.requests.filter((r) => r.path.endsWith('/embeddings'));
    try {
      await config().update('fileSearch.embeddingsModel', 'fake-embed', vscode.ConfigurationTarget.Global);
      writeFileSync(path.join(root, 'algebra.md'), `${FILES['algebra.md'] as string}
Check: 3 * 1 + 11 = 14.
`);
      const report = await vscode.commands.executeCommand<KnowledgeReport>('tutor.addFilesToKnowledge', vscode.Uri.file(root));
      assert.deepEqual(report.indexed, [`${FOLDER}/algebra.md`]);
      const atIngest = embeddingRequests();
      assert.equal(atIngest.length, 1, 'the changed file, embedded at indexing');
      assert.equal(atIngest[0]!.body.model, 'fake-embed');
      assert.match(JSON.stringify(atIngest[0]!.body.input), /subtract 11 from both sides/);
      const found = await client.vectorStores.search(storeId, { query: 'how to solve 3x + 11 = 14' });
      assert.equal(found.data[0]?.filename, 'algebra.md');
      assert.equal(embeddingRequests()[1]?.body.input?.toString(), 'how to solve 3x + 11 = 14', 'the query, embedded at search');
      // The files indexed earlier, without embeddings, are embedded in the background after it.
      await waitFor('the older passages to be embedded', () => embeddingRequests().length === 3);
      assert.equal(embeddingRequests()[2]!.body.model, 'fake-embed');
      assert.match(JSON.stringify(embeddingRequests()[2]!.body.input), /Basel problem/);

      await config().update('fileSearch.embeddings', false, vscode.ConfigurationTarget.Global);
      await client.vectorStores.search(storeId, { query: 'how to solve 3x + 11 = 14' });
      // Nothing is started in the background either: a search that embeds nothing backfills nothing.
      assert.equal(embeddingRequests().length, 3, 'switched off: keyword ranking only, nothing sent');
    } finally {
      await config().update('fileSearch.embeddingsModel', undefined, vscode.ConfigurationTarget.Global);
      await config().update('fileSearch.embeddings', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('re-adding a folder replaces a changed file (old upload deleted) and leaves unchanged ones alone', async () => {
    const api = await tutor();
    const client = await api.runtime.client();
    const storeId = api.knowledge.knowledgeStoreId()!;
    const before = new Map((await storeFiles(client, storeId)).map((f) => [api.knowledge.relativePathOf(f.id), f.id]));
    writeFileSync(path.join(root, 'sieve.py'), `${FILES['sieve.py'] as string}\n# Cross out the multiples of each prime first.\n`);

    const report = await vscode.commands.executeCommand<KnowledgeReport>('tutor.addFilesToKnowledge', vscode.Uri.file(root));
    assert.deepEqual(report.indexed, [`${FOLDER}/sieve.py`]);
    assert.deepEqual([...report.unchanged].sort(), INDEXED.filter((p) => !p.endsWith('sieve.py')));
    assert.equal(api.knowledge.knowledgeStoreId(), storeId, 'the same store, not a new one');

    const after = new Map((await storeFiles(client, storeId)).map((f) => [api.knowledge.relativePathOf(f.id), f.id]));
    assert.deepEqual([...after.keys()].sort(), INDEXED);
    const oldId = before.get(`${FOLDER}/sieve.py`)!;
    assert.notEqual(after.get(`${FOLDER}/sieve.py`), oldId);
    assert.equal(after.get(`${FOLDER}/algebra.md`), before.get(`${FOLDER}/algebra.md`));
    await assert.rejects(client.files.retrieve(oldId), (err: { status?: number }) => err.status === 404);
  });

  it('cancel stops the uploads, or cancels the batch, and leaves no stray uploads behind', async () => {
    const api = await tutor();
    const client = await api.runtime.client();
    const storeId = api.knowledge.knowledgeStoreId()!;
    const names = Array.from({ length: 8 }, (_, i) => `more-${i}.md`);
    mkdirSync(path.join(root, 'more'), { recursive: true });
    for (const [i, name] of names.entries()) writeFileSync(path.join(root, 'more', name), `# Note ${i}\n\nThe square of ${i} is ${i * i}.\n`);
    const uploadsNamed = async () => {
      const found: string[] = [];
      for await (const f of client.files.list()) if (names.includes(f.filename)) found.push(f.filename);
      return found.sort();
    };
    const addCancelling = async (when: string) => {
      const source = new vscode.CancellationTokenSource();
      try {
        return await api.knowledge.add({ uris: [vscode.Uri.file(path.join(root, 'more'))] }, (message) => {
          if (message.startsWith(when)) source.cancel();
        }, source.token);
      } finally {
        source.dispose();
      }
    };

    const duringUploads = await addCancelling('Uploading');
    assert.equal(duringUploads.cancelled, true);
    assert.deepEqual(duringUploads.indexed, []);
    assert.deepEqual(await uploadsNamed(), [], 'uploads made before the cancel are deleted');

    const duringIndexing = await addCancelling('Indexing');
    assert.equal(duringIndexing.cancelled, true);
    note(`cancelled while indexing: ${duringIndexing.indexed.length}/${names.length} files had finished`);
    // What finished is recorded and searchable; what did not is gone, upload included.
    assert.deepEqual(await uploadsNamed(), duringIndexing.indexed.map((p) => p.split('/').pop()!).sort());
    const files = await storeFiles(client, storeId);
    assert.ok(files.every((f) => f.status === 'completed' && api.knowledge.relativePathOf(f.id)), JSON.stringify(files.map((f) => [f.id, f.status])));
    rmSync(path.join(root, 'more'), { recursive: true, force: true });
  });

  it('opens a citation at the quoted passage: the workspace file, or the server\'s copy when it has no workspace file', async () => {
    const api = await tutor();
    const client = await api.runtime.client();
    const storeId = api.knowledge.knowledgeStoreId()!;

    // The quote as file search returns it: the chunk's text, found by a real search.
    const hits = await client.vectorStores.search(storeId, { query: 'Basel problem zeta detour' });
    const hit = hits.data.find((h) => api.knowledge.relativePathOf(h.file_id) === `${FOLDER}/series.md`);
    assert.ok(hit, `no hit in series.md: ${JSON.stringify(hits.data.map((h) => h.filename))}`);
    const quote = hit.content.map((c) => c.text).join('\n');
    assert.ok(await api.knowledge.openCitation(hit.file_id, quote));
    let editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.fsPath, path.join(root, 'series.md'));
    const firstLine = quote.split('\n').find((l) => l.trim())!.trim();
    const selected = editor.document.getText(editor.selection);
    assert.ok(!editor.selection.isEmpty, 'the passage is selected');
    assert.ok(editor.selection.start.line > 10, `the chunk starts mid-file, not at line ${editor.selection.start.line}`);
    assert.equal(selected.replace(/\s+/g, ' ').slice(0, 40), firstLine.replace(/\s+/g, ' ').slice(0, 40));

    // A hand-made quote with other line breaks and spacing still lands on the passage.
    assert.ok(await api.knowledge.openCitation(hit.file_id, 'Euler showed that the sum of 1/n^2\nover all positive integers equals pi^2/6'));
    editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.getText(editor.selection), 'Euler showed that the   sum of 1/n^2 over all positive integers\nequals pi^2/6');

    // Uploaded by someone else (no workspace file): Tutor shows the server's copy, read-only.
    const upload = await client.files.create({ file: await toFile(new TextEncoder().encode('Intro.\n\nThe derivative of x^2 is 2x.\n'), 'calculus-notes.md'), purpose: 'assistants' });
    try {
      assert.ok(await api.knowledge.openCitation(upload.id, 'The derivative of x^2 is 2x.'));
      editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.scheme, 'tutor-knowledge');
      assert.ok(editor.document.uri.path.endsWith('/calculus-notes.md'));
      assert.equal(editor.document.getText(editor.selection), 'The derivative of x^2 is 2x.');

      // Not found: the file still opens, at the top.
      assert.ok(await api.knowledge.openCitation(upload.id, 'A sentence this file does not have.'));
      assert.deepEqual(vscode.window.activeTextEditor!.selection.active, new vscode.Position(0, 0));
    } finally {
      await client.files.delete(upload.id);
    }
  });
});
