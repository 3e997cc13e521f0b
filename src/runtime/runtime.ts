import type { ProviderFactory } from '../providers/types';
import { type Clock, type Logger, silentLogger, systemClock } from './domain/clock';
import { createIdSource, type IdSource } from './domain/ids';
import { MAX_UPLOAD_BYTES } from './domain/limits';
import { DEFAULT_LIMITS, type EngineLimits, RunEngine } from './engine/runEngine';
import { Leases } from './store/leases';
import type { Embedder } from './fileSearch/types';
import { httpApp } from './http/app';
import { AssistantService } from './services/assistants';
import { FileService } from './services/files';
import { ConversationService } from './services/conversations';
import { Containers } from './services/containers';
import { ResponseService } from './services/responses';
import { ItemLog } from './engine/responses/itemLog';
import { ResponseEngine } from './engine/responses/responseEngine';
import { RunService } from './services/runs';
import { Conversation } from './services/threads';
import { VectorStoreService } from './services/vectorStores/service';
import { attachToThread } from './services/vectorStores/threadStores';
import { DatabaseBlobs } from './store/databaseBlobs';
import { type FileBlobs, FolderBlobs } from './store/fileBlobs';
import type { ObjectStore } from './store/types';
import type { BuiltinTool } from './tools/builtinTool';
import { type ApprovalRequest, createCodeInterpreterTool } from './tools/codeInterpreter';
import type { PyodideEngineOptions } from './tools/codeInterpreter/pyodideEngine';
import type { PythonEngine } from './tools/codeInterpreter/engine';
import { type EngineChoice, SwitchableEngine } from './tools/codeInterpreter/switchableEngine';
import { createFileSearchTool } from './tools/fileSearchTool';
import { countTextTokens } from './fileSearch/tokenPieces';

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
  /** Threads and messages (benchmarks fill threads through it). */
  readonly threads: Conversation;
  readonly store: ObjectStore;
  /** Where uploaded and generated files' bytes are (a folder with SQLite, the database with PostgreSQL). */
  readonly blobs: FileBlobs;
  /** Vector stores and their ingestion (`idle()` waits for files being indexed). */
  readonly vectorStores: VectorStoreService;
  /**
   * The code interpreter's engine (absent when the caller chose its own tools): Tutor's tools for
   * other models (tools/toolbox) run Python in this same sandbox.
   */
  readonly python?: PythonEngine;
  /** Starts slow tools (Pyodide's interpreter) in the background, ahead of their first call. */
  prewarm(): Promise<void>;
  /** Aborts runs in flight, waits for them to settle, and flushes the store. */
  close(): Promise<void>;
}

/**
 * Builds the Assistants v2 runtime from its parts: services over the store, the engine that runs
 * runs, and the HTTP edge (http/app.ts) in front, where errors become OpenAI's shape.
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
  // Several instances on one database must all read every file: its bytes live there too.
  const blobs: FileBlobs = deps.store.driver.shared ? new DatabaseBlobs(deps.store.driver, deps.filesDir) : new FolderBlobs(deps.filesDir);
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const leases = new Leases(deps.store.driver, limits.leaseMs);
  const { instance } = leases;
  const vectorStores = new VectorStoreService({ store: deps.store, blobs, clock, ids, logger, leases, ...(deps.embedder ? { embedder: deps.embedder } : {}) });
  const python = deps.tools ? undefined : pythonEngine(deps, logger);
  const tools = deps.tools ?? defaultTools(deps, python!, { blobs, vectorStores, ids, clock, logger, instance });
  const engine = new RunEngine({ store: deps.store, providers: deps.providers, tools, clock, ids, logger, leases, limits });
  // What a crash left behind is settled before the first request is answered: a run it left
  // in_progress would otherwise still own its thread.
  const recovered = Promise.all([vectorStores.recover(), engine.recover().then(() => engine.startWatch())]);
  // Every run counts its prompt's tokens, and the tokenizer builds its tables (about 0.1 s of CPU)
  // on first use: done now, in the background, rather than inside the first runs, where a server
  // that many students reach at once made every stream wait for it.
  setTimeout(() => countTextTokens('Tutor'), 0).unref();
  recovered.catch((err: unknown) => logger.error('Settling what the last run of the runtime left behind failed', err));
  const threads = new Conversation(deps.store, ids, clock);
  threads.onAttachments = (threadId, attachments) => attachToThread(vectorStores, deps.store, threadId, attachments);
  const runs = new RunService(deps.store, threads, engine);
  const { responses, conversations, containers, responseEngine } = responsesApi(deps, threads, { ids, clock, logger }, { tools, maxModelCalls: limits.maxModelCalls, python, leases });
  // Work whose instance died: vector store files to index again, responses to settle.
  engine.onOrphanedWork(async (work) => {
    await vectorStores.resumeOrphans(work);
    await responses.settleOrphans(work);
  });
  // Answered requests wait for both settlements at once: one await on the hot path, not two.
  const ready = Promise.all([recovered, responseEngine.listen().catch((err: unknown) => logger.error('Listening for response cancels from other instances failed', err)), responses.recover().catch((err: unknown) => logger.error('Settling the responses the last run of the runtime left behind failed', err))]);
  threads.cancelRun = (threadId, runId) => runs.cancel(threadId, runId);
  const services = { assistants: new AssistantService(deps.store, ids, clock, vectorStores), threads, runs, files: new FileService(deps.store, blobs, ids, clock), vectorStores, responses, conversations, containers };
  const app = httpApp(services, { token: deps.token, maxFileBytes: deps.maxFileBytes ?? MAX_UPLOAD_BYTES, logger });

  return {
    fetch: async (request) => {
      await ready;
      const response = await app.fetch(request);
      // A write is acknowledged only once it is on disk, so a crash (kill -9) cannot take back what
      // a client was told succeeded. Instant on node:sqlite; on sql.js it waits for a snapshot.
      if (request.method !== 'GET' && request.method !== 'HEAD') await deps.store.driver.durable();
      return response;
    },
    engine,
    threads,
    store: deps.store,
    blobs,
    vectorStores,
    ...(python ? { python } : {}),
    async prewarm() {
      await Promise.all(tools.map(async (t) => t.prewarm?.()));
    },
    async close() {
      engine.abortAll();
      await Promise.all([engine.idle(), responseEngine.abortAll()]);
      await recovered.catch(() => undefined);
      await Promise.all(tools.map(async (t) => t.close?.()));
      await vectorStores.close();
      await deps.store.driver.flush();
    },
  };
}

/** The Responses and Conversations APIs over the same store: a conversation is a thread. */
function responsesApi(
  deps: RuntimeDeps,
  threads: Conversation,
  parts: { ids: IdSource; clock: Clock; logger: Logger },
  tooling: { tools: readonly BuiltinTool[]; maxModelCalls: number; python: PythonEngine | undefined; leases: Leases },
) {
  const items = new ItemLog(deps.store, parts.ids, parts.clock);
  const responseEngine = new ResponseEngine({ store: deps.store, providers: deps.providers, items, tools: tooling.tools, maxModelCalls: tooling.maxModelCalls, leases: tooling.leases, ...parts });
  // A deleted container's Python session goes with it (a thread's is freed the same way).
  const containers = new Containers(deps.store, parts.ids, parts.clock, async (id) => tooling.python?.reset(id));
  return {
    responseEngine,
    containers,
    responses: new ResponseService(deps.store, items, responseEngine, threads, parts.ids, parts.clock, containers, tooling.leases),
    conversations: new ConversationService(deps.store, threads, items, parts.ids, parts.clock),
  };
}

/** Pyodide unless the user chose their own Python; switchable while running (a setting). */
function pythonEngine(deps: RuntimeDeps, logger: Logger): PythonEngine {
  const choice = deps.codeInterpreter ?? {};
  return new SwitchableEngine(
    { engine: choice.engine ?? (() => 'pyodide'), ...(choice.pythonPath ? { pythonPath: choice.pythonPath } : {}) },
    { logger, ...(choice.pyodide ? { pyodide: choice.pyodide } : {}) },
  );
}

/** The built-in tools: the code interpreter and file search. */
function defaultTools(deps: RuntimeDeps, engine: PythonEngine, parts: { blobs: FileBlobs; vectorStores: VectorStoreService; ids: IdSource; clock: Clock; logger: Logger; instance: string }): BuiltinTool[] {
  const choice = deps.codeInterpreter ?? {};
  return [
    createCodeInterpreterTool({ store: deps.store, blobs: parts.blobs, ids: parts.ids, clock: parts.clock, logger: parts.logger, engine, instance: parts.instance, ...(choice.approve ? { approve: choice.approve } : {}) }),
    createFileSearchTool(parts.vectorStores),
  ];
}
