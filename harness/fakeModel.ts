/**
 * The scripted OpenAI-compatible model server that every test talks to over real HTTP. It replays
 * the chunk shapes real chat-completions servers send, so the official SDK parses them exactly as
 * it would in production; tests script what the "model" says turn by turn.
 *
 * @example
 *   const fake = await startFakeModel();
 *   fake.script({ text: ['Hel', 'lo'] }, { toolCalls: [{ name: 'add', arguments: ['{"a":', '1}'] }] });
 *   const provider = createOpenAICompatibleProvider({ baseURL: fake.url });
 *   // … first request streams "Hello", the second a tool call …
 *   assert.equal(fake.requests[0]!.body.model, 'gpt-test');
 *   await fake.close();
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FakeUsage { prompt_tokens: number; completion_tokens: number }

export interface FakeToolCall {
  /** Defaults to `call_fake_<request>_<index>`. */
  id?: string;
  name: string;
  /** One string, or the fragments to stream one by one. */
  arguments: string | string[];
}

/**
 * Streams text deltas (`delayMs` apart), then `finish` (default 'stop'). With `stamp`, each
 * `{sentAt}` in a delta becomes the moment it is written (`performance.timeOrigin +
 * performance.now()`, ms), so a client in the same process can measure delta latency.
 */
export interface TextTurn { text: string | string[]; delayMs?: number; finish?: 'stop' | 'length'; usage?: FakeUsage; stamp?: boolean }
/** Streams optional text, then each call (parallel calls get indexes 0..n); finishes with 'tool_calls'. */
export interface ToolCallTurn { toolCalls: FakeToolCall[]; text?: string; delayMs?: number; usage?: FakeUsage }
/** Answers with an HTTP error; `body` defaults to OpenAI's error envelope. */
export interface ErrorTurn { error: { status: number; body?: unknown; headers?: Record<string, string> } }
/** Sends the stream's headers, then nothing until the client gives up. */
export interface HangTurn { hang: true }
/**
 * Streams the first `cutAfter` deltas of `text`, then destroys the socket: no finish, no [DONE].
 * `graceful` (streaming only) ends the HTTP response properly instead, as a proxy does when its
 * upstream dies.
 */
export interface CutTurn { cutAfter: number; text: string[]; graceful?: boolean }
/** Sends the role chunk, then `data: {not json`. */
export interface MalformedTurn { malformed: true }
/** Picks the turn from the request, e.g. to echo what the model was sent. */
export interface RespondTurn { respond: (body: ChatBody, request: RecordedRequest) => Turn }

export type Turn = TextTurn | ToolCallTurn | ErrorTurn | HangTurn | CutTurn | MalformedTurn | RespondTurn;

/** The parts of a chat-completions request body the fake looks at; the rest is kept as sent. */
export interface ChatBody {
  model?: string;
  messages?: unknown[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/v1/chat/completions`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (`{}` when there was none). */
  body: ChatBody;
  /**
   * When the request arrived (its headers, before the body was read), as
   * `performance.timeOrigin + performance.now()` in ms: an epoch time a browser's clock compares with.
   */
  receivedAt: number;
}

export interface FakeModel {
  /** Base URL to hand to a client, e.g. `http://127.0.0.1:41234/v1`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** How many chat requests the client closed before the response ended. */
  readonly aborted: number;
  /** Queues turns; each chat-completions request consumes one. */
  script(...turns: Turn[]): void;
  /** Switches `POST /v1/embeddings` on or off (off: 404) from now on. */
  setEmbeddings(on: boolean): void;
  /** Resolves once `aborted >= atLeast`; rejects after `timeoutMs`. */
  waitForAbort(timeoutMs?: number, atLeast?: number): Promise<void>;
  /** Stops listening and destroys every open socket. */
  close(): Promise<void>;
}

export interface FakeModelOptions {
  /** What to answer when the script is empty. Default `{ text: 'OK' }`. */
  defaultTurn?: Turn;
  /** Ids served by `GET /v1/models`. Default `['fake-model']`. */
  models?: string[];
  /**
   * `POST /v1/embeddings`: on by default, answering `fakeEmbedding` vectors of `dimensions`
   * (default 256). `false` answers 404, like a server without the endpoint.
   */
  embeddings?: boolean | { dimensions?: number };
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeModel(options: FakeModelOptions = {}): Promise<FakeModel> {
  const defaultTurn = options.defaultTurn ?? { text: 'OK' };
  const models = options.models ?? ['fake-model'];
  let embeddingsOn = options.embeddings !== false;
  const dimensions = (typeof options.embeddings === 'object' && options.embeddings.dimensions) || 256;
  const queue: Turn[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const abortWaiters = new Set<() => void>();
  let aborted = 0;
  let closing = false;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      // A bug in a scripted `respond` should fail the test loudly, not hang it.
      if (!res.headersSent) sendJson(res, 500, errorBody(500, `fake model failed: ${String(error)}`));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.timeOrigin + performance.now();
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: raw ? (JSON.parse(raw) as ChatBody) : {},
      receivedAt,
    };
    requests.push(request);

    // Paths are matched by suffix so Azure-style bases (`…/openai/deployments/x`) work too.
    if (request.method === 'GET' && url.pathname.endsWith('/models')) {
      sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' })) });
      return;
    }
    if (request.method === 'POST' && url.pathname.endsWith('/embeddings') && embeddingsOn) {
      const { status, body } = embeddingsReply(request.body, dimensions);
      sendJson(res, status, body);
      return;
    }
    if (request.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) {
      sendJson(res, 404, errorBody(404, `Unknown path ${request.method} ${url.pathname}`));
      return;
    }

    const ended = new AbortController();
    res.on('close', () => {
      ended.abort();
      if (!res.writableFinished && !cutByServer.has(res) && !closing) countAbort();
    });
    let turn = queue.shift() ?? defaultTurn;
    while ('respond' in turn) turn = turn.respond(request.body, request);
    await reply(turn, request, requests.length, res, ended.signal);
  }

  function countAbort(): void {
    aborted += 1;
    for (const wake of abortWaiters) wake();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get aborted() { return aborted; },
    script: (...turns) => { queue.push(...turns); },
    setEmbeddings: (on) => { embeddingsOn = on; },
    waitForAbort(timeoutMs = 2_000, atLeast = 1) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (aborted < atLeast) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake model saw ${aborted} aborted request(s) within ${timeoutMs} ms, expected ${atLeast}`));
        }, timeoutMs);
        const cleanup = () => { clearTimeout(timer); abortWaiters.delete(check); };
        abortWaiters.add(check);
        check();
      });
    },
    async close() {
      closing = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Responses the fake cut on purpose; their close is not a client abort. */
const cutByServer = new WeakSet<ServerResponse>();

async function reply(turn: Exclude<Turn, RespondTurn>, request: RecordedRequest, requestNumber: number, res: ServerResponse, ended: AbortSignal): Promise<void> {
  if ('error' in turn) {
    const { status, body, headers } = turn.error;
    sendJson(res, status, body ?? errorBody(status), headers);
    return;
  }
  const streaming = request.body.stream === true;
  const completion = new Completion(requestNumber, request.body);

  if ('hang' in turn) {
    if (streaming) startSse(res);
    return; // Nothing more is written; the client's abort closes the response.
  }
  if ('malformed' in turn) {
    if (!streaming) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
      return;
    }
    startSse(res);
    completion.send(res, { role: 'assistant', content: '' });
    res.end('data: {not json\n\n');
    return;
  }
  if ('cutAfter' in turn) {
    if (!turn.graceful) cutByServer.add(res);
    if (!streaming) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"id":');
      res.destroy();
      return;
    }
    startSse(res);
    completion.send(res, { role: 'assistant', content: '' });
    for (const text of turn.text.slice(0, turn.cutAfter)) completion.send(res, { content: text });
    if (turn.graceful) {
      res.end();
      return;
    }
    // Let the written chunks reach the client before the connection dies mid-stream.
    await sleep(20, undefined, { signal: ended }).catch(() => {});
    res.destroy();
    return;
  }

  const plan = planOf(turn, requestNumber);
  if (!streaming) {
    sendJson(res, 200, completion.whole(plan));
    return;
  }
  startSse(res);
  const delayMs = 'delayMs' in turn ? turn.delayMs ?? 0 : 0;
  for (const delta of plan.deltas) {
    if (ended.aborted) return;
    const stamped = 'stamp' in turn && turn.stamp && delta.content ? { ...delta, content: delta.content.replaceAll('{sentAt}', String(performance.timeOrigin + performance.now())) } : delta;
    completion.send(res, stamped);
    if (delayMs > 0) await sleep(delayMs, undefined, { signal: ended }).catch(() => {});
  }
  if (ended.aborted) return;
  completion.send(res, {}, plan.finish);
  if (request.body.stream_options?.include_usage) {
    res.write(`data: ${JSON.stringify({ ...completion.chunk({}), choices: [], usage: completion.usage(plan) })}\n\n`);
  }
  res.end('data: [DONE]\n\n');
}

interface Delta { role?: 'assistant'; content?: string | null; tool_calls?: unknown[] }
interface Plan { deltas: Delta[]; finish: string; text: string; toolCalls: { id: string; name: string; arguments: string }[]; usage?: FakeUsage }

/** Turns a text or tool-call turn into the deltas to stream, in the order real servers send them. */
function planOf(turn: TextTurn | ToolCallTurn, requestNumber: number): Plan {
  const texts = turn.text === undefined ? [] : typeof turn.text === 'string' ? [turn.text] : turn.text;
  const toolCalls = 'toolCalls' in turn ? turn.toolCalls : [];
  const deltas: Delta[] = [{ role: 'assistant', content: toolCalls.length && !texts.length ? null : '' }];
  for (const text of texts) deltas.push({ content: text });
  toolCalls.forEach((call, index) => {
    const id = call.id ?? `call_fake_${requestNumber}_${index}`;
    const fragments = typeof call.arguments === 'string' ? [call.arguments] : call.arguments;
    deltas.push({ tool_calls: [{ index, id, type: 'function', function: { name: call.name, arguments: '' } }] });
    for (const fragment of fragments) deltas.push({ tool_calls: [{ index, function: { arguments: fragment } }] });
  });
  return {
    deltas,
    finish: toolCalls.length ? 'tool_calls' : ('finish' in turn && turn.finish) || 'stop',
    text: texts.join(''),
    toolCalls: toolCalls.map((call, index) => ({
      id: call.id ?? `call_fake_${requestNumber}_${index}`,
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : call.arguments.join(''),
    })),
    ...(turn.usage && { usage: turn.usage }),
  };
}

/** One response's identity (id, created, model), shared by all of its chunks. */
class Completion {
  readonly id: string;
  readonly created = Math.floor(Date.now() / 1000);
  readonly model: string;
  private readonly includeUsage: boolean;

  constructor(requestNumber: number, private readonly body: ChatBody) {
    this.id = `chatcmpl-fake${String(requestNumber).padStart(6, '0')}`;
    this.model = body.model ?? 'fake-model';
    this.includeUsage = body.stream_options?.include_usage === true;
  }

  chunk(delta: Delta, finish: string | null = null) {
    return {
      id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, system_fingerprint: 'fp_fake',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      // Real servers send `usage: null` on every chunk but the last when usage was asked for.
      ...(this.includeUsage && { usage: null }),
    };
  }

  send(res: ServerResponse, delta: Delta, finish: string | null = null): void {
    res.write(`data: ${JSON.stringify(this.chunk(delta, finish))}\n\n`);
  }

  /** Scripted usage, else a rough estimate: ~4 characters of prompt per token, one token per delta. */
  usage(plan: Plan) {
    const { prompt_tokens, completion_tokens } = plan.usage ?? {
      prompt_tokens: Math.ceil(JSON.stringify(this.body.messages ?? []).length / 4),
      completion_tokens: plan.deltas.length - 1,
    };
    return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
  }

  whole(plan: Plan) {
    const message = {
      role: 'assistant', content: plan.toolCalls.length && !plan.text ? null : plan.text, refusal: null,
      ...(plan.toolCalls.length && { tool_calls: plan.toolCalls.map(({ id, name, arguments: args }) => ({ id, type: 'function', function: { name, arguments: args } })) }),
    };
    return {
      id: this.id, object: 'chat.completion', created: this.created, model: this.model, system_fingerprint: 'fp_fake',
      choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finish }],
      usage: this.usage(plan),
    };
  }
}

/**
 * OpenAI's embeddings answer for `input` (a string or strings): float arrays, or base64 of
 * little-endian float32 when `encoding_format` is 'base64' (the SDK's default when none is given).
 */
function embeddingsReply(body: ChatBody, dimensions: number): { status: number; body: unknown } {
  const input = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(input) || input.length === 0 || !input.every((x) => typeof x === 'string')) {
    return { status: 400, body: errorBody(400, "'input' must be a string or a non-empty array of strings") };
  }
  const base64 = body.encoding_format === 'base64';
  const data = input.map((text, index) => {
    const vector = fakeEmbedding(text, dimensions);
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = input.reduce((n, text) => n + Math.ceil(text.length / 4), 0);
  return { status: 200, body: { object: 'list', data, model: body.model ?? 'fake-embedding', usage: { prompt_tokens: tokens, total_tokens: tokens } } };
}

/**
 * A deterministic stand-in for a real embedding: a hashed bag of words. Words are lower-cased,
 * split at camelCase humps, short function words dropped and a plural "s" folded, then each word
 * adds ±1 to one of `dimensions` slots (FNV-1a hash); the result has unit length. Texts sharing
 * words get a high cosine, as related texts do with a real model, but word order, synonyms and
 * meaning play no part.
 *
 * @example
 *   const v = fakeEmbedding('Eigenvalues of a matrix', 256); // v.length === 256, |v| === 1
 */
export function fakeEmbedding(text: string, dimensions = 256): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const runs = text.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  // Chinese and Japanese write no spaces: a run of their characters counts as its overlapping
  // character pairs (as keyword search does), so related CJK texts share "words" too.
  const words = runs.flatMap((run) => run.split(CJK_RUN).flatMap((part) => (CJK_RUN.test(part) ? cjkPairs(part) : part ? [part] : [])));
  for (const raw of words) {
    if ((raw.length < 3 && !CJK_RUN.test(raw)) || FAKE_STOP_WORDS.has(raw)) continue;
    const word = raw.length > 4 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw;
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193) >>> 0;
    vector[hash % dimensions]! += hash & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => x / norm);
}

const CJK_RUN = /([\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+)/u;

/** 列表推导式 → 列表, 表推, 推导, 导式 (one character alone is itself). */
function cjkPairs(run: string): string[] {
  const chars = Array.from(run);
  return chars.length < 2 ? chars : chars.slice(1).map((c, i) => chars[i]! + c);
}

const FAKE_STOP_WORDS = new Set('the and for are was were with that this from into how what when where which why who can does not but you your our its has have had been will would should could'.split(' '));

/** OpenAI's error envelope, with the type and code real servers use for the common statuses. */
function errorBody(status: number, message = `Fake error (HTTP ${status})`) {
  const [type, code] =
    status === 401 ? ['invalid_request_error', 'invalid_api_key']
    : status === 404 ? ['invalid_request_error', 'model_not_found']
    : status === 429 ? ['requests', 'rate_limit_exceeded']
    : status >= 500 ? ['server_error', null]
    : ['invalid_request_error', null];
  return { error: { message, type, param: null, code } };
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
