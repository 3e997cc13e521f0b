import * as assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { createOpenAICompatibleProvider, type OpenAICompatibleOptions } from '../../src/providers/openaiCompatible';
import { type ChatChunk, type ChatProvider, ProviderError, type ProviderErrorKind } from '../../src/providers/types';
import { type FakeModel, startFakeModel } from '../../harness/fakeModel';

const messages = [{ role: 'user' as const, content: 'What is 2 + 2?' }];

async function collect(provider: ChatProvider, signal = new AbortController().signal): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of provider.streamChat({ model: 'gpt-test', messages }, signal)) chunks.push(chunk);
  return chunks;
}

/** Runs the stream to its end and returns what arrived before the ProviderError it must throw. */
async function failure(provider: ChatProvider, kind: ProviderErrorKind, signal?: AbortSignal): Promise<{ error: ProviderError; chunks: ChatChunk[] }> {
  const chunks: ChatChunk[] = [];
  try {
    for await (const chunk of provider.streamChat({ model: 'gpt-test', messages }, signal ?? new AbortController().signal)) chunks.push(chunk);
  } catch (error) {
    assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
    assert.equal(error.kind, kind, `kind of: ${error.message}`);
    return { error, chunks };
  }
  assert.fail(`expected a ${kind} ProviderError, the stream ended normally with ${JSON.stringify(chunks)}`);
}

describe('OpenAI-compatible provider', () => {
  let fake: FakeModel;
  let sleeps: number[];
  const provider = (options: Partial<OpenAICompatibleOptions> = {}) =>
    createOpenAICompatibleProvider({ baseURL: fake.url, apiKey: 'sk-test', sleep: async (ms) => { sleeps.push(ms); }, ...options });

  beforeEach(async () => {
    fake = await startFakeModel();
    sleeps = [];
  });
  afterEach(() => fake.close());

  it('streams text deltas, then usage, then finish', async () => {
    fake.script({ text: ['Two ', 'plus two ', 'is 4.'], usage: { prompt_tokens: 12, completion_tokens: 5 } });
    assert.deepEqual(await collect(provider()), [
      { type: 'text', text: 'Two ' },
      { type: 'text', text: 'plus two ' },
      { type: 'text', text: 'is 4.' },
      { type: 'usage', prompt_tokens: 12, completion_tokens: 5 },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('sends the request it was given, streaming with usage, bearer key and no unset fields', async () => {
    await collect(provider());
    const [request] = fake.requests;
    assert.equal(request!.path, '/v1/chat/completions');
    assert.equal(request!.headers.authorization, 'Bearer sk-test');
    assert.deepEqual(request!.body, { model: 'gpt-test', messages, stream: true, stream_options: { include_usage: true } });
  });

  it('passes tools and sampling settings that are set, and maps finish length', async () => {
    fake.script({ text: 'cut sho', finish: 'length' });
    const tools = [{ type: 'function' as const, function: { name: 'add', parameters: { type: 'object' } } }];
    const chunks: ChatChunk[] = [];
    const request = { model: 'gpt-test', messages, tools, tool_choice: 'auto' as const, temperature: 0, top_p: null, max_tokens: 5 };
    for await (const chunk of provider().streamChat(request, new AbortController().signal)) chunks.push(chunk);
    assert.deepEqual(chunks.at(-1), { type: 'finish', reason: 'length' });
    assert.deepEqual(fake.requests[0]!.body, {
      model: 'gpt-test', messages, tools, tool_choice: 'auto', temperature: 0, max_tokens: 5, stream: true, stream_options: { include_usage: true },
    });
  });

  it('sends no Authorization header without a key', async () => {
    await collect(provider({ apiKey: undefined }));
    assert.equal(fake.requests[0]!.headers.authorization, undefined);
  });

  it('yields tool-call fragments with id and name once, arguments concatenating to JSON', async () => {
    fake.script({ toolCalls: [{ id: 'call_abc', name: 'add', arguments: ['{"a":', ' 2, "b"', ': 2}'] }] });
    const chunks = await collect(provider());
    assert.deepEqual(chunks.filter((c) => c.type !== 'usage'), [
      { type: 'tool_call', index: 0, id: 'call_abc', name: 'add' },
      { type: 'tool_call', index: 0, arguments: '{"a":' },
      { type: 'tool_call', index: 0, arguments: ' 2, "b"' },
      { type: 'tool_call', index: 0, arguments: ': 2}' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
  });

  it('keeps two parallel tool calls apart by index', async () => {
    fake.script({ toolCalls: [{ name: 'add', arguments: ['{"a":1,', '"b":2}'] }, { name: 'mul', arguments: ['{"a":3', ',"b":4}'] }] });
    const calls = new Map<number, { ids: string[]; names: string[]; args: string }>();
    for (const chunk of await collect(provider())) {
      if (chunk.type !== 'tool_call') continue;
      const call = calls.get(chunk.index) ?? { ids: [], names: [], args: '' };
      calls.set(chunk.index, call);
      if (chunk.id !== undefined) call.ids.push(chunk.id);
      if (chunk.name !== undefined) call.names.push(chunk.name);
      call.args += chunk.arguments ?? '';
    }
    assert.deepEqual([...calls.keys()], [0, 1]);
    assert.deepEqual(calls.get(0)!.names, ['add']);
    assert.deepEqual(calls.get(1)!.names, ['mul']);
    assert.equal(calls.get(0)!.ids.length, 1);
    assert.equal(calls.get(1)!.ids.length, 1);
    assert.notEqual(calls.get(0)!.ids[0], calls.get(1)!.ids[0]);
    assert.deepEqual(JSON.parse(calls.get(0)!.args), { a: 1, b: 2 });
    assert.deepEqual(JSON.parse(calls.get(1)!.args), { a: 3, b: 4 });
  });

  describe('errors', () => {
    it('401 → auth, not retried', async () => {
      fake.script({ error: { status: 401 } });
      const { error } = await failure(provider(), 'auth');
      assert.equal(error.status, 401);
      assert.equal(fake.requests.length, 1);
    });

    it('404 for the model → model_not_found', async () => {
      fake.script({ error: { status: 404 } });
      await failure(provider(), 'model_not_found');
    });

    it('code model_not_found on a 400 → model_not_found', async () => {
      fake.script({ error: { status: 400, body: { error: { message: 'nope', type: 'invalid_request_error', param: 'model', code: 'model_not_found' } } } });
      await failure(provider(), 'model_not_found');
    });

    it('other 4xx → bad_request, whatever the message says', async () => {
      fake.script({ error: { status: 400, body: { error: { message: 'rate limit exceeded, connection refused', type: 'invalid_request_error', param: null, code: null } } } });
      await failure(provider(), 'bad_request');
    });

    it('429 with insufficient_quota is not retried', async () => {
      fake.script({ error: { status: 429, body: { error: { message: 'quota', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } } } });
      await failure(provider(), 'rate_limit');
      assert.deepEqual(sleeps, []);
    });

    it('a cut stream → server "ended early", after the text that came', async () => {
      fake.script({ cutAfter: 2, text: ['one ', 'two ', 'three'] });
      const { error, chunks } = await failure(provider(), 'server');
      assert.match(error.message, /ended early/);
      assert.deepEqual(chunks, [{ type: 'text', text: 'one ' }, { type: 'text', text: 'two ' }]);
      assert.equal(fake.requests.length, 1);
    });

    it('a stream that ends cleanly without a finish_reason → server "ended early"', async () => {
      fake.script({ cutAfter: 1, text: ['half', 'never'], graceful: true });
      const { error, chunks } = await failure(provider(), 'server');
      assert.match(error.message, /ended early/);
      assert.deepEqual(chunks, [{ type: 'text', text: 'half' }]);
    });

    it('a malformed chunk → server', async () => {
      fake.script({ malformed: true });
      await failure(provider({ maxRetries: 0 }), 'server');
    });

    it('connection refused → connection', async () => {
      const port = await closedPort();
      await failure(provider({ baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 }), 'connection');
    });

    it('no response within timeoutMs → connection', async () => {
      // A socket that accepts and never answers: the fake always sends headers at once.
      const sockets: Socket[] = [];
      const silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = silent.address() as { port: number };
        const { error } = await failure(provider({ baseURL: `http://127.0.0.1:${port}/v1`, timeoutMs: 150, maxRetries: 0 }), 'connection');
        assert.match(error.message, /in time/);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });
  });

  describe('retries', () => {
    it('429 with retry-after waits that long, once, then succeeds', async () => {
      fake.script({ error: { status: 429, headers: { 'retry-after': '3' } } }, { text: 'ok now' });
      const chunks = await collect(provider());
      assert.deepEqual(chunks.filter((c) => c.type === 'text'), [{ type: 'text', text: 'ok now' }]);
      assert.deepEqual(sleeps, [3000]);
      assert.equal(fake.requests.length, 2);
    });

    it('retry-after-ms wins over retry-after', async () => {
      fake.script({ error: { status: 429, headers: { 'retry-after-ms': '250', 'retry-after': '9' } } });
      await collect(provider());
      assert.deepEqual(sleeps, [250]);
    });

    it('500 twice then success: two growing backoffs', async () => {
      fake.script({ error: { status: 500 } }, { error: { status: 503 } }, { text: 'fine' });
      const chunks = await collect(provider());
      assert.deepEqual(chunks[0], { type: 'text', text: 'fine' });
      assert.equal(sleeps.length, 2);
      assert.ok(sleeps[0]! > 0 && sleeps[1]! > sleeps[0]!, `backoffs ${sleeps.join(', ')}`);
      assert.equal(fake.requests.length, 3);
    });

    it('gives up after maxRetries and reports the last failure', async () => {
      fake.script({ error: { status: 500 } }, { error: { status: 500 } }, { error: { status: 502 } }, { text: 'too late' });
      const { error } = await failure(provider(), 'server');
      assert.equal(error.status, 502);
      assert.equal(fake.requests.length, 3);
    });

    it('does not retry once a chunk has been yielded', async () => {
      fake.script({ cutAfter: 1, text: ['first ', 'second'] }, { text: 'retried' });
      const { chunks } = await failure(provider(), 'server');
      assert.deepEqual(chunks, [{ type: 'text', text: 'first ' }]);
      assert.equal(fake.requests.length, 1);
      assert.deepEqual(sleeps, []);
    });

    it('retries a stream cut before any content arrived', async () => {
      fake.script({ cutAfter: 0, text: ['never'] }, { text: 'second try' });
      const chunks = await collect(provider());
      assert.deepEqual(chunks[0], { type: 'text', text: 'second try' });
      assert.equal(fake.requests.length, 2);
    });

    it('a backoff sleep ends with the signal', async () => {
      // The real sleep, told by the server to wait 59 s: the abort comes once its timer is armed,
      // and the sleep must clear that timer and end the call without a second request.
      const BACKOFF_MS = 59_000;
      fake.script({ error: { status: 429, headers: { 'retry-after-ms': String(BACKOFF_MS) } } });
      const controller = new AbortController();
      const slow = createOpenAICompatibleProvider({ baseURL: fake.url, maxRetries: 1 });
      const { setTimeout: realSetTimeout, clearTimeout: realClearTimeout } = globalThis;
      let backoff: unknown;
      let cleared = false;
      globalThis.setTimeout = ((fn: () => void, ms?: number, ...rest: unknown[]) => {
        const timer = realSetTimeout(fn, ms, ...rest);
        if (ms === BACKOFF_MS) {
          backoff = timer;
          queueMicrotask(() => controller.abort());
        }
        return timer;
      }) as typeof setTimeout;
      globalThis.clearTimeout = ((timer?: Parameters<typeof clearTimeout>[0]) => {
        if (timer !== undefined && timer === backoff) cleared = true;
        realClearTimeout(timer);
      }) as typeof clearTimeout;
      try {
        await failure(slow, 'aborted', controller.signal);
      } finally {
        globalThis.setTimeout = realSetTimeout;
        globalThis.clearTimeout = realClearTimeout;
      }
      assert.ok(backoff !== undefined, 'the backoff sleep started');
      assert.equal(cleared, true, 'the abort cleared the backoff timer');
      assert.equal(fake.requests.length, 1, 'no retry after the abort');
    });
  });

  describe('aborting', () => {
    it('mid-stream: the server sees the request closed and the caller gets aborted', async () => {
      fake.script({ text: ['a', 'b', 'c', 'd', 'e', 'f'], delayMs: 200 });
      const controller = new AbortController();
      const chunks: ChatChunk[] = [];
      const run = (async () => {
        for await (const chunk of provider().streamChat({ model: 'gpt-test', messages }, controller.signal)) {
          chunks.push(chunk);
          controller.abort();
        }
      })();
      await assert.rejects(run, (error: unknown) => error instanceof ProviderError && error.kind === 'aborted');
      await fake.waitForAbort(2_000);
      assert.equal(fake.aborted, 1);
      assert.deepEqual(chunks, [{ type: 'text', text: 'a' }]);
    });

    it('while waiting for a hanging server', async () => {
      fake.script({ hang: true });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await failure(provider(), 'aborted', controller.signal);
      await fake.waitForAbort(2_000);
    });

    it('an already aborted signal sends nothing', async () => {
      await failure(provider(), 'aborted', AbortSignal.abort());
      assert.equal(fake.requests.length, 0);
    });
  });

  it('lists model ids', async () => {
    const listing = await startFakeModel({ models: ['gpt-4o-mini', 'llama3.2'] });
    try {
      const models = await createOpenAICompatibleProvider({ baseURL: listing.url }).listModels!(new AbortController().signal);
      assert.deepEqual(models, ['gpt-4o-mini', 'llama3.2']);
    } finally {
      await listing.close();
    }
  });
});

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
