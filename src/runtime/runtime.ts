import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { ProviderFactory } from '../providers/types';
import { type Clock, type Logger, silentLogger, systemClock } from './domain/clock';
import { DEFAULT_LIMITS, type EngineLimits, RunEngine } from './engine/runEngine';
import type { BuiltinTool } from './tools/builtinTool';
import { ApiError } from './http/apiError';
import { createIdSource, type IdSource } from './domain/ids';
import { FileBlobs } from './store/fileBlobs';
import { assistantRoutes } from './http/routes/assistants';
import { jsonBodyLimit } from './http/bodyLimits';
import { JSON_BODY_LIMITS, MAX_UPLOAD_BYTES, REFUSED_BODY_DRAIN_BYTES } from './domain/limits';
import { fileRoutes } from './http/routes/files';
import type { RouteDeps } from './http/routeContext';
import { runRoutes } from './http/routes/runs';
import { threadRoutes } from './http/routes/threads';
import { vectorStoreRoutes } from './http/routes/vectorStores';
import type { ObjectStore } from './store/types';
import type { Embedder } from './fileSearch/types';
import { VectorStoreService } from './services/vectorStores/service';
import { attachToThread } from './services/vectorStores/threadStores';
import { type ApprovalRequest, createCodeInterpreterTool } from './tools/codeInterpreter';
import type { PyodideEngineOptions } from './tools/codeInterpreter/pyodideEngine';
import { type EngineChoice, SwitchableEngine } from './tools/codeInterpreter/switchableEngine';
import { createFileSearchTool } from './tools/fileSearchTool';

export interface RuntimeDeps {
  store: ObjectStore;
  providers: ProviderFactory;
  tools?: BuiltinTool[];
  clock?: Clock;
  ids?: IdSource;
  logger?: Logger;
  /** Where uploaded files' bytes live (default: a temp folder, for in-memory runtimes). */
  filesDir?: string;
  /** The largest upload accepted, in bytes (default MAX_UPLOAD_BYTES: 512 MB, as OpenAI). */
  maxFileBytes?: number;
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token?: string;
  limits?: Partial<EngineLimits>;
  /** Embeddings for file search's semantic ranking (BM25 alone without it). */
  embedder?: Embedder;
  /** The code interpreter: which engine runs Python, and the consent hook for the user's own. */
  codeInterpreter?: Partial<EngineChoice> & { approve?: (request: ApprovalRequest) => Promise<boolean>; pyodide?: PyodideEngineOptions };
}

export interface Runtime {
  /** The whole Assistants v2 API as a Web fetch handler (paths under /v1). */
  fetch(request: Request): Promise<Response>;
  readonly engine: RunEngine;
  readonly store: ObjectStore;
  /** Vector stores and their ingestion (`idle()` waits for files being indexed). */
  readonly vectorStores: VectorStoreService;
  /** Starts slow tools (Pyodide's interpreter) in the background, ahead of their first call. */
  prewarm(): Promise<void>;
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
  const blobs = new FileBlobs(deps.filesDir);
  const vectorStores = new VectorStoreService({ store: deps.store, blobs, clock, ids, logger, ...(deps.embedder ? { embedder: deps.embedder } : {}) });
  vectorStores.recover();
  const tools = deps.tools ?? defaultTools(deps, { blobs, vectorStores, ids, clock, logger });
  const engine = new RunEngine({ store: deps.store, providers: deps.providers, tools, clock, ids, logger, limits: { ...DEFAULT_LIMITS, ...deps.limits } });
  engine.recover();
  engine.conversation.onAttachments = (threadId, attachments) => attachToThread(vectorStores, deps.store, threadId, attachments);
  const routeDeps: RouteDeps = { store: deps.store, engine, ids, clock, vectorStores };

  const app = new Hono().basePath('/v1');
  if (deps.token) {
    const expected = Buffer.from(`Bearer ${deps.token}`);
    app.use('*', async (c, next) => {
      const given = Buffer.from(c.req.header('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw ApiError.unauthorized();
      await next();
    });
  }
  // After the token check, so a stranger's body is never read at all; uploads count their own bytes (files.ts).
  for (const [family, limit] of Object.entries(JSON_BODY_LIMITS)) app.use(`/${family}`, jsonBodyLimit(limit)).use(`/${family}/*`, jsonBodyLimit(limit));
  app.route('/assistants', assistantRoutes(routeDeps));
  app.route('/files', fileRoutes(routeDeps, blobs, deps.maxFileBytes ?? MAX_UPLOAD_BYTES));
  app.route('/threads', runRoutes(routeDeps));
  app.route('/threads', threadRoutes(routeDeps));
  app.route('/vector_stores', vectorStoreRoutes(vectorStores));
  app.notFound((c) => c.json(new ApiError(404, 'invalid_request_error', `Invalid URL (${c.req.method} ${new URL(c.req.url).pathname})`).toBody(), 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) {
      if (err.status === 413 && !drainable(c.req.raw)) c.header('connection', 'close');
      return c.json(err.toBody(), err.status as 400);
    }
    logger.error(`${c.req.method} ${c.req.path} failed`, err);
    return c.json(new ApiError(500, 'server_error', 'The Assistants runtime hit an internal error. It has been logged.').toBody(), 500);
  });

  return {
    fetch: async (request) => {
      const response = await app.fetch(request);
      // A write is acknowledged only once it is on disk, so a crash (kill -9) cannot take back what
      // a client was told succeeded. Instant on node:sqlite; on sql.js it waits for a snapshot.
      if (request.method !== 'GET' && request.method !== 'HEAD') await deps.store.driver.durable();
      return response;
    },
    engine,
    store: deps.store,
    vectorStores,
    async prewarm() {
      await Promise.all(tools.map((t) => t.prewarm?.()));
    },
    async close() {
      engine.abortAll();
      await engine.idle();
      await Promise.all(tools.map((t) => t.close?.()));
      await vectorStores.close();
      await deps.store.driver.flush();
    },
  };
}

/** The built-in tools: the code interpreter (Pyodide unless the user chose their own Python) and file search. */
/** Whether a refused request's remaining body is small and sized, so reading it beats closing (limits.ts). */
function drainable(request: Request): boolean {
  if (request.headers.get('transfer-encoding')) return false;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  return Number.isFinite(declared) && declared <= REFUSED_BODY_DRAIN_BYTES;
}

function defaultTools(deps: RuntimeDeps, parts: { blobs: FileBlobs; vectorStores: VectorStoreService; ids: IdSource; clock: Clock; logger: Logger }): BuiltinTool[] {
  const choice = deps.codeInterpreter ?? {};
  const engine = new SwitchableEngine(
    { engine: choice.engine ?? (() => 'pyodide'), ...(choice.pythonPath ? { pythonPath: choice.pythonPath } : {}) },
    { logger: parts.logger, ...(choice.pyodide ? { pyodide: choice.pyodide } : {}) },
  );
  return [
    createCodeInterpreterTool({ store: deps.store, blobs: parts.blobs, ids: parts.ids, clock: parts.clock, logger: parts.logger, engine, ...(choice.approve ? { approve: choice.approve } : {}) }),
    createFileSearchTool(parts.vectorStores),
  ];
}
