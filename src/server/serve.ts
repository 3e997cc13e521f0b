import { serve, type ServerType } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createProviderFactory } from '../providers/factory';
import type { Logger } from '../runtime/clock';
import { openRuntime } from '../runtime/open';

export const USAGE = `Usage: tutor-assistants serve [options]

Serves the OpenAI Assistants v2 API (assistants, threads, messages, runs, run steps) on this
machine, backed by SQLite and any OpenAI-compatible chat completions provider.

Options:
  --host HOST          address to bind (default 127.0.0.1; a non-loopback host needs --token)
  --port PORT          port (default 8765; 0 picks a free port)
  --data DIR           folder for the database (default ~/.tutor-assistants)
  --provider-url URL   OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1 (default OpenAI)
  --token TOKEN        require "Authorization: Bearer TOKEN" (or set TUTOR_SERVER_TOKEN)
  -h, --help           show this help

The provider key comes from TUTOR_PROVIDER_API_KEY, else OPENAI_API_KEY.`;

export class UsageError extends Error {}

export interface ServeOptions {
  host: string;
  port: number;
  data: string;
  providerUrl: string;
  token: string | undefined;
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
        host: { type: 'string' }, port: { type: 'string' }, data: { type: 'string' },
        'provider-url': { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' },
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
  const host = values.host ?? '127.0.0.1';
  const token = values.token ?? (env.TUTOR_SERVER_TOKEN || undefined);
  if (!isLoopback(host) && !token) throw new UsageError(`Refusing to serve on ${host} without a token: anyone who can reach it could use your provider key. Pass --token or set TUTOR_SERVER_TOKEN.`);
  return { host, port, data: values.data ?? path.join(homedir(), '.tutor-assistants'), providerUrl, token };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Starts the server; resolves once it listens, with a stop function that flushes the database. */
export async function startServer(options: ServeOptions, env: NodeJS.ProcessEnv, logger: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  const apiKey = env.TUTOR_PROVIDER_API_KEY || env.OPENAI_API_KEY || undefined;
  // Bundled (dist/tutor-assistants.js), sql.js's WASM sits beside this file; from source, sql.js finds its own.
  const bundledWasm = path.join(__dirname, 'sql-wasm.wasm');
  const runtime = await openRuntime({
    dataDir: options.data,
    ...(existsSync(bundledWasm) ? { wasmPath: bundledWasm } : {}),
    providers: createProviderFactory({ kind: 'custom', providerUrl: options.providerUrl, ...(apiKey ? { apiKey } : {}) }),
    logger,
    ...(options.token ? { token: options.token } : {}),
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: runtime.fetch, hostname: options.host, port: options.port }, () => resolve(s));
    s.once('error', reject);
  });
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
