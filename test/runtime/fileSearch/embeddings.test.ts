import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { createProviderFactory } from '../../../src/providers/factory';
import { createOpenAICompatibleProvider } from '../../../src/providers/openaiCompatible';
import { ProviderError } from '../../../src/providers/types';
import { silentLogger } from '../../../src/runtime/domain/clock';
import { EMBED_BATCH, factoryEmbedder, OptionalEmbeddings, providerEmbedder } from '../../../src/runtime/fileSearch/embeddings';
import { fuseRankings } from '../../../src/runtime/fileSearch/rrf';
import { termsOf } from '../../../src/runtime/fileSearch/terms';
import { dot, fromBlob, toBlob, unitVector } from '../../../src/runtime/fileSearch/vectors';
import { type FakeModel, fakeEmbedding, startFakeModel } from '../../../harness/fakeModel';

const signal = () => new AbortController().signal;

describe('OpenAI-compatible embeddings', () => {
  let fake: FakeModel;
  beforeEach(async () => (fake = await startFakeModel()));
  afterEach(() => fake.close());

  it('POSTs {baseURL}/embeddings with the configured model and float vectors, in input order', async () => {
    const provider = createOpenAICompatibleProvider({ baseURL: fake.url, apiKey: 'sk-test', embeddingsModel: 'nomic-embed-text' });
    const vectors = await provider.embed!(['eigenvalues', 'chain rule', 'eigenvalues'], signal());
    assert.equal(vectors.length, 3);
    assert.deepEqual(vectors[0], vectors[2]);
    assert.notDeepEqual(vectors[0], vectors[1]);
    assert.equal(vectors[1]!.length, 256);
    const [request] = fake.requests;
    assert.equal(request!.path, '/v1/embeddings');
    assert.deepEqual(request!.body, { model: 'nomic-embed-text', input: ['eigenvalues', 'chain rule', 'eigenvalues'], encoding_format: 'float' });
    assert.equal(request!.headers.authorization, 'Bearer sk-test');
  });

  it('defaults to text-embedding-3-small', async () => {
    await createOpenAICompatibleProvider({ baseURL: fake.url }).embed!(['x'], signal());
    assert.equal(fake.requests[0]!.body.model, 'text-embedding-3-small');
  });

  it('fails with model_not_found where the server has no embeddings endpoint', async () => {
    fake.setEmbeddings(false);
    await assert.rejects(createOpenAICompatibleProvider({ baseURL: fake.url }).embed!(['x'], signal()), (err: unknown) => {
      return err instanceof ProviderError && err.kind === 'model_not_found' && err.status === 404;
    });
  });

  it('is cancelled by its signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(createOpenAICompatibleProvider({ baseURL: fake.url }).embed!(['x'], controller.signal), (err: unknown) => err instanceof ProviderError && err.kind === 'aborted');
  });

  it('serves the SDK its default base64 encoding too (the fake, checked against the real client)', async () => {
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'x', maxRetries: 0 });
    const response = await client.embeddings.create({ model: 'm', input: 'Gram-Schmidt orthonormalisation' });
    const expected = fakeEmbedding('Gram-Schmidt orthonormalisation');
    response.data[0]!.embedding.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6));
  });
});

describe('OptionalEmbeddings', () => {
  let fake: FakeModel;
  beforeEach(async () => (fake = await startFakeModel()));
  afterEach(() => fake.close());

  it('batches texts and returns unit vectors', async () => {
    const embeddings = new OptionalEmbeddings(providerEmbedder(createOpenAICompatibleProvider({ baseURL: fake.url })), silentLogger);
    const texts = Array.from({ length: EMBED_BATCH * 2 + 3 }, (_, i) => `note ${i} on topic ${i % 7}`);
    const vectors = await embeddings.embed(texts);
    assert.equal(vectors!.length, texts.length);
    assert.deepEqual(fake.requests.map((r) => (r.body.input as string[]).length), [EMBED_BATCH, EMBED_BATCH, 3]);
    for (const v of vectors!) assert.ok(Math.abs(dot(v!, v!) - 1) < 1e-5);
  });

  it('reaches the provider through a provider factory, asking it anew each time', async () => {
    let asked = 0;
    const factory = createProviderFactory({ kind: 'custom', providerUrl: fake.url });
    const embedder = factoryEmbedder((model) => (asked++, factory(model)), 'gpt-test');
    assert.equal((await embedder.embed(['a', 'b']))[1]!.length, 256);
    await embedder.embed(['c']);
    assert.equal(asked, 2);
    const chatOnly = factoryEmbedder(() => ({ streamChat: () => { throw new Error('unused'); } }));
    await assert.rejects(chatOnly.embed(['x']), /no embeddings endpoint/);
  });

  it('is unavailable without an embedder, and for a provider without embed()', async () => {
    const none = new OptionalEmbeddings(undefined, silentLogger);
    assert.equal(none.available, false);
    assert.equal(await none.embed(['x']), undefined);
    assert.equal(providerEmbedder({ streamChat: () => { throw new Error('unused'); } }), undefined);
  });

  it('asks nothing and logs nothing while its embedder is switched off, and resumes when switched on', async () => {
    let on = false;
    const warnings: string[] = [];
    const inner = providerEmbedder(createOpenAICompatibleProvider({ baseURL: fake.url }))!;
    const embeddings = new OptionalEmbeddings({ embed: inner.embed, enabled: () => on }, { ...silentLogger, warn: (m) => warnings.push(m) });
    assert.equal(embeddings.available, false);
    assert.equal(await embeddings.embed(['x']), undefined);
    assert.deepEqual([fake.requests.length, warnings], [0, []]);
    on = true;
    assert.equal((await embeddings.embed(['x']))?.length, 1);
    assert.equal(fake.requests.length, 1);
  });
});

describe('file search building blocks', () => {
  it('fuses rankings by reciprocal rank, normalised to [0, 1]', () => {
    const fused = fuseRankings([['a', 'b', 'c'], ['b', 'a', 'd']]);
    assert.deepEqual(fused.map((f) => f.item), ['a', 'b', 'c', 'd']);
    assert.equal(fused[0]!.score, fused[1]!.score, 'rank 1 + rank 2 either way');
    assert.ok(Math.abs(fused[0]!.score - (1 / 61 + 1 / 62) / (2 / 61)) < 1e-12);
    assert.ok(Math.abs(fused[2]!.score - 1 / 63 / (2 / 61)) < 1e-12);
    assert.deepEqual(fuseRankings([['x'], []]), [{ item: 'x', score: 1 }], 'an empty ranking does not count');
    assert.deepEqual(fuseRankings([[], []]), []);
  });

  it('turns text into code-aware BM25 terms', () => {
    assert.deepEqual(termsOf('def gramSchmidt(vectors):'), ['def', 'gramschmidt', 'gram', 'schmidt', 'vector']);
    assert.deepEqual(termsOf('HTMLParser MAX_CHUNK_SIZE log2'), ['htmlparser', 'html', 'parser', 'max_chunk_size', 'max', 'chunk', 'size', 'log2', 'log', '2']);
    assert.deepEqual(termsOf('gramSchmidt MAX_SIZE', 'plain'), ['gramschmidt', 'max_size', 'max', 'size']);
    assert.deepEqual(termsOf('What is the series of matrices and probabilities?'), ['series', 'matrix', 'probability']);
    assert.deepEqual(termsOf('线性代数'), ['线性', '性代', '代数']);
  });

  it('stores vectors as little-endian float32 and compares them by cosine', () => {
    const v = unitVector([3, 4])!;
    assert.deepEqual([...v], [0.6000000238418579, 0.800000011920929]);
    assert.deepEqual(fromBlob(toBlob(v)), v);
    assert.deepEqual([...toBlob(new Float32Array([1]))], [0, 0, 0x80, 0x3f]);
    assert.equal(unitVector([0, 0]), undefined);
    assert.equal(fromBlob(null), undefined);
    assert.equal(fromBlob(new Uint8Array(3)), undefined);
    assert.ok(Math.abs(dot(v, unitVector([4, -3])!)) < 1e-7);
  });
});
