import { serve, type ServerType } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createProviderFactory, providerTimeoutMs } from '../providers/factory';
import { DEFAULT_EMBEDDINGS_MODEL } from '../providers/openaiCompatible';
import { providerEmbedder } from '../runtime/fileSearch/embeddings';
import type { Logger } from '../runtime/domain/clock';
import { ApiError } from '../runtime/http/apiError';
import { openRuntime } from '../runtime/open';
import { lingerOnEarlyClose } from './lingeringClose';

export const USAGE = `Usage: tutor-assistants serve [options]

Serves the OpenAI Assistants v2 API (assistants, threads, messages, runs, run steps) on this
machine, backed by SQLite (or PostgreSQL) and any OpenAI-compatible chat completions provider.

Options:
  --host HOST          address to bind (default 127.0.0.1; IPv6 as ::1 or [::1]; a non-loopback
                       host needs --token)
  --port PORT          port (default 8765; 0 picks a free port)
  --data DIR           folder for the database and file bytes (default ~/.tutor-assistants)
  --database URL       keep the database in PostgreSQL instead (postgres://user:pass@host/db,
                       or set TUTOR_DATABASE_URL); the default is SQLite in --data
  --lease-seconds S    with --database: a run's lease without a heartbeat (default 15); the runs
                       of an instance that died are failed by another within about 1⅓ of it
  --provider-url URL   OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1 (default OpenAI)
  --embeddings-model M file search's embeddings model at the provider (default text-embedding-3-small
                       with OpenAI, none elsewhere); "none": rank by keywords (BM25) only
  --token TOKEN        require "Authorization: Bearer TOKEN" (or set TUTOR_SERVER_TOKEN);
                       at least 16 characters, e.g. from \`openssl rand -hex 16\`
  -h, --help           show this help

The provider key comes from TUTOR_PROVIDER_API_KEY, else OPENAI_API_KEY.`;

export class UsageError extends Error {}

export interface ServeOptions {
  host: string;
  port: number;
  data: string;
  /** A PostgreSQL URL; undefined: SQLite in `data`. */
  database: string | undefined;
  providerUrl: string;
  token: string | undefined;
  /** Undefined: file search ranks with BM25 alone and no embeddings are requested. */
  embeddingsModel: string | undefined;
  /** Undefined: the engine's default (DEFAULT_LIMITS.leaseMs). */
  leaseMs: number | undefined;
}

/** Parses `serve` flags; throws UsageError with a message a person can act on. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv): ServeOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        host: { type: 'string' }, port: { type: 'string' }, data: { type: 'string' }, database: { type: 'string' }, 'lease-seconds': { type: 'string' },
        'provider-url': { type: 'string' }, 'embeddings-model': { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals[0] !== 'serve' || positionals.length > 1) throw new UsageError(positionals.length ? `Unknown command: ${positionals.join(' ')}` : 'Missing command: serve');
  const port = values.port === undefined ? 8765 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
  const providerUrl = values['provider-url'] ?? 'https://api.openai.com/v1';
  try {
    new URL(providerUrl);
  } catch {
    throw new UsageError(`--provider-url is not a URL: "${providerUrl}"`);
  }
  // Node listens on a bare IPv6 address; people (and URLs) write it in brackets.
  const host = (values.host ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  const token = checkedToken(values.token ?? (env.TUTOR_SERVER_TOKEN || undefined));
  if (!isLoopback(host) && !token) throw new UsageError(`Refusing to serve on ${host} without a token: anyone who can reach it could use your provider key. Pass --token or set TUTOR_SERVER_TOKEN.`);
  // Other servers name their embedding models freely; asking them for OpenAI's would only fail.
  const namedModel = values['embeddings-model']?.trim();
  const embeddingsModel = namedModel === 'none' ? undefined : namedModel || (new URL(providerUrl).hostname === 'api.openai.com' ? DEFAULT_EMBEDDINGS_MODEL : undefined);
  const database = values.database ?? (env.TUTOR_DATABASE_URL || undefined);
  if (database !== undefined && !/^postgres(ql)?:\/\//.test(database)) throw new UsageError(`--database must be a PostgreSQL URL (postgres://user:password@host:5432/database), got "${database}"`);
  const lease = values['lease-seconds'] === undefined ? undefined : Number(values['lease-seconds']);
  if (lease !== undefined && !(lease >= 1 && lease <= 3600)) throw new UsageError(`--lease-seconds must be a number of seconds from 1 to 3600, got "${values['lease-seconds']}"`);
  const leaseMs = lease === undefined ? undefined : Math.round(lease * 1000);
  return { host, port, data: values.data ?? path.join(homedir(), '.tutor-assistants'), database, providerUrl, token, embeddingsModel, leaseMs };
}

/** Shorter tokens can be guessed by trying; `openssl rand -hex 16` prints 32 characters. */
export const MIN_TOKEN_CHARS = 16;

function checkedToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const hint = 'Use a random one, e.g. from `openssl rand -hex 16`.';
  if (!token.trim()) throw new UsageError(`The token is blank, so no client could send it. ${hint}`);
  // HTTP clients and servers trim header values, so such a token could never match.
  if (token !== token.trim()) throw new UsageError(`The token starts or ends with spaces, which no HTTP client can send. ${hint}`);
  if (token.length < MIN_TOKEN_CHARS) throw new UsageError(`The token must be at least ${MIN_TOKEN_CHARS} characters long (it is ${token.length}). ${hint}`);
  return token;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Starts the server; resolves once it listens, with a stop function that flushes the database. */
export async function startServer(options: ServeOptions, env: NodeJS.ProcessEnv, logger: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  const apiKey = env.TUTOR_PROVIDER_API_KEY || env.OPENAI_API_KEY || undefined;
  const timeoutMs = providerTimeoutMs(env);
  // Bundled (dist/tutor-assistants.js), sql.js's WASM sits beside this file; from source, sql.js finds its own.
  const bundledWasm = path.join(__dirname, 'sql-wasm.wasm');
  const providers = createProviderFactory({ kind: 'custom', providerUrl: options.providerUrl, ...(apiKey ? { apiKey } : {}), ...(timeoutMs ? { timeoutMs } : {}), ...(options.embeddingsModel ? { embeddingsModel: options.embeddingsModel } : {}) });
  const runtime = await openRuntime({
    dataDir: options.data,
    ...(options.database ? { databaseUrl: options.database } : {}),
    ...(existsSync(bundledWasm) ? { wasmPath: bundledWasm } : {}),
    providers,
    ...(options.embeddingsModel ? { embedder: providerEmbedder(providers('')) } : {}),
    logger,
    ...(options.token ? { token: options.token } : {}),
    ...(options.leaseMs ? { limits: { leaseMs: options.leaseMs } } : {}),
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    // Node would answer a request without Host with a bare 400; ours says so in OpenAI's shape.
    const s = serve({ fetch: requireHost(options.token ? runtime.fetch : browserGuard(runtime.fetch)), hostname: options.host, port: options.port, serverOptions: { requireHostHeader: false } }, () => resolve(s));
    s.once('error', reject);
  });
  (server as Server).on('clientError', answerUnparsable);
  lingerOnEarlyClose(server as Server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const hostPart = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostPart}:${port}/v1`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}

/**
 * Without a token, a loopback server is reachable by any web page the user opens: browsers send
 * "simple" cross-origin POSTs (JSON as text/plain) without asking, and a DNS-rebinding page can
 * even read the answers. API clients (the SDK, curl) send no Origin and name a loopback Host;
 * browsers always send Origin on cross-origin POSTs, and a rebinding page's Host is its own
 * domain. So tokenless servers refuse both. A token makes this unnecessary: browsers cannot add
 * an Authorization header cross-origin without a preflight this server never grants.
 */
function browserGuard(fetch: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    const host = (request.headers.get('host') ?? '').replace(/:\d+$/, '');
    const refuse = (message: string) => Response.json(new ApiError(403, 'invalid_request_error', message).toBody(), { status: 403 });
    if (request.headers.has('origin')) return refuse('Requests from web pages are refused by a server without a token. Start it with --token (or TUTOR_SERVER_TOKEN) to allow browser clients.');
    if (host && !isLoopback(host)) return refuse(`This server only answers requests addressed to a loopback host, not "${host}" (DNS rebinding protection). Start it with --token to serve other host names.`);
    return fetch(request);
  };
}

/** HTTP/1.1 requires a Host header; a request without one gets a 400 an OpenAI client can read. */
function requireHost(fetch: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.headers.get('host')) return fetch(request);
    const error = new ApiError(400, 'invalid_request_error', 'The request has no Host header; HTTP/1.1 requires one (send the host and port you connected to).');
    return Response.json(error.toBody(), { status: 400, headers: { connection: 'close' } });
  };
}

/**
 * Requests Node's HTTP parser rejects before any route sees them (headers or URL over 16 KB, a
 * malformed request line) would get Node's bare status line with no body; an OpenAI client expects
 * its error object there too, so the answer is written here, with Node's own choice of status.
 */
function answerUnparsable(err: Error & { code?: string }, socket: Duplex & { _httpMessage?: { headersSent?: boolean } }): void {
  // As Node's own handler: a response already under way on this socket cannot be followed by another.
  if (err.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const message = status === 431 ? 'The request headers (URL included) are larger than the 16 KB this server accepts.'
    : status === 408 ? 'The request took too long to arrive.'
    : 'The request is not valid HTTP.';
  const body = JSON.stringify(new ApiError(status, 'invalid_request_error', message).toBody());
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
