import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { ProviderFactory } from '../providers/types';
import { type Clock, type Logger, silentLogger, systemClock } from './clock';
import { DEFAULT_LIMITS, type EngineLimits, RunEngine } from './engine/runEngine';
import type { BuiltinTool } from './engine/tools';
import { ApiError } from './errors';
import { createIdSource, type IdSource } from './ids';
import { FileBlobs } from './fileBlobs';
import { assistantRoutes } from './routes/assistants';
import { fileRoutes } from './routes/files';
import type { RouteDeps } from './routes/context';
import { runRoutes } from './routes/runs';
import { threadRoutes } from './routes/threads';
import type { ObjectStore } from './store/types';

export interface RuntimeDeps {
  store: ObjectStore;
  providers: ProviderFactory;
  tools?: BuiltinTool[];
  clock?: Clock;
  ids?: IdSource;
  logger?: Logger;
  /** Where uploaded files' bytes live (default: a temp folder, for in-memory runtimes). */
  filesDir?: string;
  /** The largest upload accepted, in bytes (default 512 MB, as OpenAI). */
  maxFileBytes?: number;
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token?: string;
  limits?: Partial<EngineLimits>;
}

export interface Runtime {
  /** The whole Assistants v2 API as a Web fetch handler (paths under /v1). */
  fetch(request: Request): Promise<Response>;
  readonly engine: RunEngine;
  readonly store: ObjectStore;
  /** Aborts runs in flight, waits for them to settle, and flushes the store. */
  close(): Promise<void>;
}

/**
 * Builds the Assistants v2 runtime from its parts. Routes stay thin; the engine runs runs, the
 * store persists, and errors become OpenAI's shape in one place (onError below).
 *
 * @example
 *   const runtime = createRuntime({ store, providers });
 *   const client = new OpenAI({ apiKey: 'local', baseURL: 'http://tutor.local/v1',
 *     fetch: (url, init) => runtime.fetch(new Request(url, init)) });
 */
export function createRuntime(deps: RuntimeDeps): Runtime {
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? createIdSource(clock);
  const logger = deps.logger ?? silentLogger;
  const engine = new RunEngine({ store: deps.store, providers: deps.providers, tools: deps.tools ?? [], clock, ids, logger, limits: { ...DEFAULT_LIMITS, ...deps.limits } });
  engine.recover();
  const routeDeps: RouteDeps = { store: deps.store, engine, ids, clock };

  const app = new Hono().basePath('/v1');
  if (deps.token) {
    const expected = Buffer.from(`Bearer ${deps.token}`);
    app.use('*', async (c, next) => {
      const given = Buffer.from(c.req.header('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw ApiError.unauthorized();
      await next();
    });
  }
  app.route('/assistants', assistantRoutes(routeDeps));
  app.route('/files', fileRoutes(routeDeps, new FileBlobs(deps.filesDir), deps.maxFileBytes ?? 512 * 1024 * 1024));
  app.route('/threads', runRoutes(routeDeps));
  app.route('/threads', threadRoutes(routeDeps));
  app.notFound((c) => c.json(new ApiError(404, 'invalid_request_error', `Invalid URL (${c.req.method} ${new URL(c.req.url).pathname})`).toBody(), 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(err.toBody(), err.status as 400);
    logger.error(`${c.req.method} ${c.req.path} failed`, err);
    return c.json(new ApiError(500, 'server_error', 'The Assistants runtime hit an internal error. It has been logged.').toBody(), 500);
  });

  return {
    fetch: async (request) => app.fetch(request),
    engine,
    store: deps.store,
    async close() {
      engine.abortAll();
      await engine.idle();
      await deps.store.driver.flush();
    },
  };
}
