import * as assert from 'node:assert/strict';
import { toFile } from 'openai';
import { annotate } from '../../../src/runtime/engine/annotations';
import type { ToolContext } from '../../../src/runtime/tools/builtinTool';
import { createFileSearchTool, type FileSearcher } from '../../../src/runtime/tools/fileSearchTool';
import { specErrors } from '../../harness/spec';
import { openFixture, type Fixture } from '../fixture';

const ALGEBRA = '# Quadratics\n\nThe quadratic formula solves ax^2 + bx + c = 0: x = (-b ± sqrt(b^2 - 4ac)) / 2a.\n';
const GEOMETRY = 'Pythagoras: in a right triangle the square of the hypotenuse equals the sum of the squares of the legs.\n';

describe('file_search tool', () => {
  let fx: Fixture;
  // The tool is built before the runtime it searches, so it reaches the service through this.
  const searcher: FileSearcher = { searchAvailable: (...args) => fx.runtime.vectorStores.searchAvailable(...args) };
  const context = (vectorStoreIds: string[], extra: Partial<ToolContext> = {}): ToolContext => ({
    threadId: 'thread_t', runId: 'run_1', signal: new AbortController().signal, codeFileIds: [], vectorStoreIds, include: [], ...extra,
  });

  beforeEach(async () => {
    fx = await openFixture({ tools: [createFileSearchTool(searcher)] });
  });
  afterEach(async function () {
    await fx.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(fx.violations, [], 'responses must match the OpenAPI spec');
  });

  async function storeWithNotes(): Promise<{ storeId: string; algebraId: string; geometryId: string }> {
    const { client } = fx;
    const algebra = await client.files.create({ file: await toFile(Buffer.from(ALGEBRA), 'algebra.md'), purpose: 'assistants' });
    const geometry = await client.files.create({ file: await toFile(Buffer.from(GEOMETRY), 'geometry.txt'), purpose: 'assistants' });
    const vs = await client.vectorStores.create({ name: 'Notes', file_ids: [algebra.id, geometry.id] });
    await fx.runtime.vectorStores.idle();
    return { storeId: vs.id, algebraId: algebra.id, geometryId: geometry.id };
  }

  it('offers the model a file_search function that asks it to cite with the markers', () => {
    const tool = createFileSearchTool(searcher);
    assert.equal(tool.type, 'file_search');
    assert.equal(tool.definition.function.name, 'file_search');
    assert.match(tool.definition.function.description!, /marker/);
    assert.deepEqual((tool.definition.function.parameters as { required: string[] }).required, ['queries']);
  });

  it('returns passages labelled with markers unique within the run, results for the step, and citation sources', async () => {
    const { storeId, algebraId } = await storeWithNotes();
    const tool = createFileSearchTool(searcher);
    const first = await tool.execute(JSON.stringify({ queries: ['quadratic formula'] }), context([storeId]));
    const marker = '【1:0†algebra.md】';
    assert.ok(first.modelOutput.includes(marker), first.modelOutput);
    assert.match(first.modelOutput, /quadratic formula solves/);
    const [result] = first.outputs as { file_id: string; file_name: string; score: number; content: { type: string; text: string }[] }[];
    assert.deepEqual([result!.file_id, result!.file_name], [algebraId, 'algebra.md']);
    assert.ok(result!.score > 0 && result!.score <= 1);
    assert.equal(result!.content[0]!.type, 'text');
    for (const r of first.outputs) assert.deepEqual(specErrors('RunStepDetailsToolCallsFileSearchResultObject', r), []);
    assert.deepEqual(first.sources![0], { kind: 'citation', marker, file_id: algebraId, quote: result!.content[0]!.text });

    const second = await tool.execute('{"query":"hypotenuse"}', context([storeId]));
    assert.ok(second.sources!.every((s) => s.kind === 'citation' && s.marker.startsWith('【2:')), 'a second search of the run numbers its markers apart');
    const otherRun = await tool.execute('hypotenuse', context([storeId], { runId: 'run_2' }));
    assert.ok(otherRun.sources!.every((s) => s.kind === 'citation' && s.marker.startsWith('【1:')));

    const answer = `Use the quadratic formula ${marker}.`;
    const [annotation] = annotate(answer, first.sources!);
    assert.deepEqual(annotation, { type: 'file_citation', text: marker, start_index: answer.indexOf(marker), end_index: answer.indexOf(marker) + marker.length, file_citation: { file_id: algebraId, quote: result!.content[0]!.text.slice(0, 400) } });
  });

  it('honours max_num_results and score_threshold, and says when there is nothing to search', async () => {
    const { storeId } = await storeWithNotes();
    const tool = createFileSearchTool(searcher);
    const one = await tool.execute('{"queries":["quadratic formula","hypotenuse"]}', context([storeId], { fileSearch: { max_num_results: 1 } }));
    assert.equal(one.outputs.length, 1);
    const none = await tool.execute('{"queries":["quadratic formula"]}', context([storeId], { fileSearch: { ranking_options: { score_threshold: 1 } } }));
    assert.ok(none.outputs.length === 0 || (none.outputs as { score: number }[]).every((r) => r.score >= 1));

    const noStores = await tool.execute('{"queries":["x"]}', context([]));
    assert.deepEqual(noStores.outputs, []);
    assert.match(noStores.modelOutput, /no files to search/i);
    await fx.client.vectorStores.delete(storeId);
    const gone = await tool.execute('{"queries":["x"]}', context([storeId]));
    assert.match(gone.modelOutput, /expired or were deleted/);
    const empty = await tool.execute('{"queries":[]}', context([storeId]));
    assert.match(empty.modelOutput, /No search query/);
  });

  it('runs inside a run: the step records the results and the answer cites them with file_citation annotations', async () => {
    const { client, fake } = fx;
    const { storeId, algebraId } = await storeWithNotes();
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: [storeId] } } });
    const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: 'How do I solve a quadratic?' }] });
    fake.script(
      { toolCalls: [{ name: 'file_search', arguments: '{"queries":["quadratic formula"]}' }] },
      {
        // Cite the first marker the tool gave, the way a model copies it.
        respond: (body) => {
          const toolMessage = (body.messages as { role: string; content: string }[]).find((m) => m.role === 'tool')!;
          return { text: ['Use the formula ', /【[^】]+】/.exec(toolMessage.content)![0], '.'] };
        },
      },
    );
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, include: ['step_details.tool_calls[*].file_search.results[*].content'] });
    assert.equal(run.status, 'completed', JSON.stringify(run.last_error));
    const steps = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, include: ['step_details.tool_calls[*].file_search.results[*].content'] });
    const toolStep = steps.data.find((s) => s.step_details.type === 'tool_calls')!;
    const call = toolStep.step_details.type === 'tool_calls' ? toolStep.step_details.tool_calls[0]! : undefined;
    assert.ok(call?.type === 'file_search');
    assert.equal(call.file_search.results?.[0]?.file_id, algebraId);
    assert.match(call.file_search.results?.[0]?.content?.[0]?.text ?? '', /quadratic/);
    const plain = await client.beta.threads.runs.steps.retrieve(toolStep.id, { thread_id: thread.id, run_id: run.id });
    assert.ok(plain.step_details.type === 'tool_calls' && plain.step_details.tool_calls[0]!.type === 'file_search');
    assert.equal((plain.step_details.tool_calls[0] as { file_search: { results: { content?: unknown }[] } }).file_search.results[0]!.content, undefined, 'content only when include[] asks');

    const [message] = (await client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
    const text = message!.content[0]!.type === 'text' ? message!.content[0]!.text : undefined;
    assert.equal(text?.value, 'Use the formula 【1:0†algebra.md】.');
    // The quote is the cited passage, so a client can open the file there.
    const quote = call.file_search.results?.[0]?.content?.[0]?.text?.slice(0, 400);
    assert.deepEqual(text?.annotations, [{ type: 'file_citation', text: '【1:0†algebra.md】', start_index: 16, end_index: 32, file_citation: { file_id: algebraId, quote } }]);
  });
});
