import * as assert from 'node:assert/strict';
import path from 'node:path';
import { toFile } from 'openai';
import { openFixture, type Fixture } from '../fixture';
import { CHINESE_CORPUS_DIR, CHINESE_QUESTIONS_FILE, corpusFiles, corpusQuestions } from './corpus';

/**
 * Chinese course notes through the whole runtime and the real `openai` SDK, on whichever store
 * driver the run uses (sql.js, node:sqlite, PostgreSQL): files uploaded under their Chinese names,
 * a vector store made of them, then Chinese and mixed Chinese/English questions asked through
 * the Vector Stores search endpoint and through an assistant's file_search tool.
 */
describe('file search on Chinese notes through the SDK', function () {
  this.timeout(120_000);
  let fx: Fixture;
  afterEach(async function () {
    await fx?.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(fx.violations, [], 'responses must match the OpenAPI spec');
  });

  /** Uploads the Chinese corpus as a student's Knowledge folder would be; file ids by corpus path. */
  async function uploadNotes(): Promise<{ storeId: string; idOf: Map<string, string> }> {
    const { client } = fx;
    const idOf = new Map<string, string>();
    for (const file of corpusFiles(CHINESE_CORPUS_DIR)) {
      const uploaded = await client.files.create({ file: await toFile(Buffer.from(file.bytes), path.posix.basename(file.path)), purpose: 'assistants' });
      idOf.set(file.path, uploaded.id);
    }
    const store = await client.vectorStores.create({ name: '课程笔记', file_ids: [...idOf.values()] });
    await fx.runtime.vectorStores.idle();
    const files = await client.vectorStores.files.list(store.id);
    assert.deepEqual(files.data.map((f) => f.status), files.data.map(() => 'completed'));
    return { storeId: store.id, idOf };
  }

  for (const embeddings of [false, true]) {
    it(`ranks the note that answers each Chinese question first (${embeddings ? 'BM25 fused with the fake model\'s embeddings' : 'BM25 alone: the model has no embeddings'})`, async () => {
      fx = await openFixture();
      fx.fake.setEmbeddings(embeddings);
      const { storeId, idOf } = await uploadNotes();
      const fileOf = (id: string | undefined) => [...idOf].find(([, fileId]) => fileId === id)?.[0] ?? 'nothing';
      const missed: string[] = [];
      for (const { question, expect } of corpusQuestions(CHINESE_QUESTIONS_FILE)) {
        const page = await fx.client.vectorStores.search(storeId, { query: question, max_num_results: 5 });
        const first = page.data[0];
        if (first?.file_id !== idOf.get(expect)) missed.push(`"${question}" → ${fileOf(first?.file_id)}, expected ${expect}`);
        // The Chinese file name arrives and comes back as written (it also weighs in the ranking).
        else assert.equal(first?.filename, path.posix.basename(expect));
      }
      assert.deepEqual(missed, []);
    });
  }

  it('answers "Python 列表推导式" through an assistant\'s file_search tool with the comprehension note, cited', async () => {
    fx = await openFixture();
    const { client, fake } = fx;
    const { storeId, idOf } = await uploadNotes();
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: [storeId] } } });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'Python 列表推导式怎么写？' }] });
    let toolResult = '';
    fake.script(
      { toolCalls: [{ id: 'call_fs', name: 'file_search', arguments: JSON.stringify({ queries: ['Python 列表推导式', '列表推导式 if 条件'] }) }] },
      {
        respond: (body) => {
          const tool = (body.messages as { role: string; content: string }[]).find((m) => m.role === 'tool');
          toolResult = tool?.content ?? '';
          const marker = /【[^】]+】/.exec(toolResult)?.[0] ?? '';
          return { text: [`用方括号写：[x * x for x in range(10)] ${marker}。`] };
        },
      },
    );
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    assert.equal(run.status, 'completed');
    assert.match(toolResult, /squares = \[x \* x for x in range\(10\)\]/);

    const steps = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc', include: ['step_details.tool_calls[*].file_search.results[*].content'] });
    const results = steps.data.flatMap((s) => (s.step_details.type === 'tool_calls' ? s.step_details.tool_calls : [])).flatMap((c) => (c.type === 'file_search' ? c.file_search.results ?? [] : []));
    assert.equal(results[0]?.file_id, idOf.get('programming/列表推导式.py'));
    assert.equal(results[0]?.file_name, '列表推导式.py');
    assert.match(results[0]!.content![0]!.text!, /列表推导式/);

    const [answer] = (await client.beta.threads.messages.list(thread.id, { order: 'desc', limit: 1 })).data;
    const text = answer!.content[0]!;
    assert.ok(text.type === 'text');
    const citation = text.text.annotations.find((a) => a.type === 'file_citation');
    assert.ok(citation && citation.type === 'file_citation', JSON.stringify(text.text));
    assert.equal(citation.file_citation.file_id, idOf.get('programming/列表推导式.py'));
  });
});
