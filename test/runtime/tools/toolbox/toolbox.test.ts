import assert from 'node:assert/strict';
import { toFile } from 'openai';
import { TutorToolbox, type KnowledgeSearch } from '../../../../src/runtime/tools/toolbox';
import { verifyMath } from '../../../../src/runtime/tools/verifyMath/verifyMath';
import { openFixture, type Fixture } from '../../fixture';

// The toolbox over a real runtime: the Pyodide sandbox the assistant's python tool uses, the real
// CAS, and file search over a vector store filled through the SDK.
describe('TutorToolbox', function () {
  this.timeout(120_000);
  let fx: Fixture;
  let storeId: string;
  let toolbox: TutorToolbox;
  const search: KnowledgeSearch = async ({ query, maxResults, signal }) =>
    (await fx.runtime.vectorStores.searchAvailable([storeId], { queries: [query], maxResults, scoreThreshold: 0, ...(signal ? { signal } : {}) })).results;

  before(async () => {
    fx = await openFixture();
    const notes = await fx.client.files.create({ file: await toFile(Buffer.from('# Chain rule\nThe derivative of f(g(x)) is f\'(g(x)) g\'(x).\n\n# Product rule\n(uv)\' = u\'v + uv\'.\n'), 'calculus.md'), purpose: 'assistants' });
    const store = await fx.client.vectorStores.create({ name: 'Knowledge', file_ids: [notes.id] });
    storeId = store.id;
    await fx.runtime.vectorStores.idle();
    toolbox = new TutorToolbox({ loadVerifier: async () => verifyMath, python: async () => fx.runtime.python!, pythonSession: 'toolbox-test', searchKnowledge: search });
  });
  after(async () => fx.close());

  it('verifies a claim with the CAS and says so in words first', async () => {
    const right = await toolbox.call('verify_math', { kind: 'equivalent', left: '(x+1)^2', right: 'x^2+2x+1' });
    assert.equal(right.isError, false);
    assert.equal(right.verdict?.verdict, 'equivalent');
    assert.match(right.text, /^Verified: the two sides are equivalent/);
    const wrong = await toolbox.call('verify_math', { kind: 'solves', equation: '3x + 11 = 14', value: '2' });
    assert.equal(wrong.verdict?.verdict, 'does_not_solve');
    assert.match(wrong.text, /does not solve/);
  });

  it('refuses unusable verify_math input with what to send instead', async () => {
    const out = await toolbox.call('verify_math', { kind: 'equivalent', left: 'x' });
    assert.equal(out.isError, true);
    assert.match(out.text, /'right' is missing/);
    assert.equal((await toolbox.call('verify_math', 'x = 1')).isError, true);
  });

  it('runs Python in the sandbox, keeps variables between calls, and returns saved images', async () => {
    const first = await toolbox.call('run_python', { code: 'n = 2**10\nprint(n)' });
    assert.equal(first.isError, false, first.text);
    assert.equal(first.text.trim(), '1024');
    const second = await toolbox.call('run_python', { code: 'n + 1' });
    assert.equal(second.text.trim(), '1025');
    // A 1×1 PNG written byte by byte: the standard library has no plotting.
    const png = "import base64\nopen('/mnt/data/dot.png','wb').write(base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='))\nopen('/mnt/data/data.csv','w').write('a,b\\n')";
    const drawn = await toolbox.call('run_python', { code: png });
    assert.equal(drawn.images.length, 1);
    assert.equal(drawn.images[0]!.mimeType, 'image/png');
    assert.deepEqual([...drawn.images[0]!.data.subarray(1, 4)], [...Buffer.from('PNG')]);
    assert.match(drawn.text, /data\.csv \(4 bytes/);
  });

  it('reports a Python exception as an error with its traceback, and empty code as bad input', async () => {
    const out = await toolbox.call('run_python', { code: '1/0' });
    assert.equal(out.isError, true);
    assert.match(out.text, /ZeroDivisionError/);
    assert.equal((await toolbox.call('run_python', { code: '   ' })).isError, true);
    assert.equal((await toolbox.call('run_python', {})).isError, true);
  });

  it('searches the Knowledge and numbers passages with their file', async () => {
    const out = await toolbox.call('search_knowledge', { query: 'chain rule derivative', max_results: 2 });
    assert.equal(out.isError, false, out.text);
    assert.match(out.text, /^\[1\] calculus\.md \(score \d\.\d\d\)\n.*Chain rule/s);
    assert.equal(out.passages[0]!.filename, 'calculus.md');
    assert.ok(out.passages.length <= 2);
  });

  it('says clearly when there is nothing to search or the query is unusable', async () => {
    const none = new TutorToolbox({ loadVerifier: async () => verifyMath, python: async () => fx.runtime.python!, pythonSession: 'x', searchKnowledge: async () => 'No Knowledge yet: add files with Tutor: Add Files to Knowledge.' });
    const out = await none.call('search_knowledge', { query: 'chain rule' });
    assert.equal(out.isError, true);
    assert.match(out.text, /Add Files to Knowledge/);
    const bad = await toolbox.call('search_knowledge', { query: '  ', max_results: 99 });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /'query' is empty.*'max_results'/);
  });
});
