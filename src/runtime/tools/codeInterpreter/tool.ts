import { type Clock, type Logger, silentLogger, systemClock } from '../../domain/clock';
import type { BuiltinTool, BuiltinToolResult, ToolContext, ToolSource } from '../builtinTool';
import type { FileBlobs } from '../../store/fileBlobs';
import { createIdSource, type IdSource } from '../../domain/ids';
import type { FileObject } from '../../domain/objects';
import type { ObjectStore } from '../../store/types';
import type { InputFile, PythonEngine } from './engine';
import { formatResult, type StoredOutput } from './formatResult';
import { inputFileNames, isImage, storeGeneratedFile } from './generatedFiles';
import { PyodideEngine, type PyodideEngineOptions } from './pyodideEngine';
import { codeFromArguments, createCodeInputDecoder } from './toolInput';
import { notices } from './notices';
import { PYTHON_SESSION_SQL } from '../../store/schema';
import type { SqlDriver } from '../../store/types';

/** What the tool asks before running code with the user's own Python. */
export interface ApprovalRequest {
  threadId: string;
  runId: string;
  code: string;
}

export interface CodeInterpreterDeps {
  /** The runtime's store and blob folder: input files are read from, output files stored to, them. */
  store: ObjectStore;
  blobs: FileBlobs;
  ids?: IdSource;
  clock?: Clock;
  logger?: Logger;
  /** Default: a PyodideEngine built from `pyodide`. Pass a LocalPythonEngine to use the user's Python. */
  engine?: PythonEngine;
  pyodide?: PyodideEngineOptions;
  /**
   * Asked before each call when the engine is local (the user's own Python, not sandboxed);
   * resolving false declines the call. Without it a local engine runs unasked: turning the
   * local engine on in settings is then the consent.
   */
  approve?: (request: ApprovalRequest) => Promise<boolean>;
  /**
   * This runtime instance's name (store/leases.ts). Sessions live in one process: when a thread's
   * last call ran under another name (another instance on a shared database, or before a
   * restart), the model is told its session is new.
   */
  instance?: string;
}

export const LOCAL_DENIED = 'The user did not allow running code with their local Python.';

const DESCRIPTION = [
  'Runs Python 3 code in a stateful sandbox, like a notebook: variables, functions and imports persist between calls in this conversation (the session resets after a long idle time, and the result says so).',
  'Only the Python standard library is available (math, fractions, decimal, statistics, itertools, json, csv, re, datetime, random, zlib...); no numpy, sympy or matplotlib, no network, no shell.',
  'Files the user attached are in /mnt/data; save files you make to /mnt/data too, and link them in your answer as sandbox:/mnt/data/<name>. PNG, JPEG or GIF files you save are shown to the user as images.',
  'print() what you want to see; the value of a final expression is shown too. Each call has a time limit.',
].join(' ');

/**
 * The code interpreter as a built-in tool: the model calls `python` with `{code}`, the engine runs
 * it in this thread's session, files written under /mnt/data become Files (images as `image`
 * outputs, others as `sandbox:` links the answer can cite), and everything printed comes back.
 *
 * @example
 *   const tool = createCodeInterpreterTool({ store, blobs });
 *   void tool.prewarm?.();
 *   const runtime = createRuntime({ store, providers, tools: [tool] });
 */
export function createCodeInterpreterTool(deps: CodeInterpreterDeps): BuiltinTool & { readonly engine: PythonEngine } {
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? createIdSource(clock);
  const logger = deps.logger ?? silentLogger;
  const engine = deps.engine ?? new PyodideEngine({ ...(deps.logger ? { logger: deps.logger } : {}), ...deps.pyodide });
  const fileDeps = { store: deps.store, blobs: deps.blobs, ids, clock };

  const plain = (text: string): BuiltinToolResult => ({ modelOutput: text, outputs: [{ type: 'logs', logs: text }] });

  async function inputFiles(fileIds: readonly string[]): Promise<{ files: InputFile[]; notes: string[] }> {
    const notes: string[] = [];
    const found: FileObject[] = [];
    for (const id of new Set(fileIds)) {
      const file = await deps.store.get<FileObject>('file', id);
      if (file) found.push(file);
      else notes.push(`[files] The attached file ${id} no longer exists, so it is not in /mnt/data.`);
    }
    const names = inputFileNames(found);
    const files = found.map((f) => ({ id: f.id, name: names.get(f.id)!, read: async () => new Uint8Array(await deps.blobs.read(f.id)) }));
    return { files, notes };
  }

  async function storeOutputs(files: readonly { path: string; bytes: Uint8Array }[], notes: string[]): Promise<StoredOutput[]> {
    const stored: StoredOutput[] = [];
    for (const file of files) {
      try {
        const object = await storeGeneratedFile(fileDeps, file.path, file.bytes);
        stored.push({ path: file.path, file_id: object.id, image: isImage(file.path) });
      } catch (err) {
        logger.error(`Could not store ${file.path} from the code interpreter`, err);
        notes.push(`[files] ${file.path} could not be saved.`);
      }
    }
    return stored;
  }

  return {
    type: 'code_interpreter',
    engine,
    definition: {
      type: 'function',
      function: {
        name: 'python',
        description: DESCRIPTION,
        parameters: {
          type: 'object',
          properties: { code: { type: 'string', description: 'The Python 3 code to run.' } },
          required: ['code'],
        },
      },
    },
    inputOf: codeFromArguments,
    inputDecoder: createCodeInputDecoder,

    async execute(code: string, ctx: ToolContext): Promise<BuiltinToolResult> {
      if (!code.trim()) return plain('No code was given: call python with {"code": "<Python source>"}.');
      if (engine.kind === 'local' && deps.approve) {
        const allowed = await untilAborted(deps.approve({ threadId: ctx.threadId, runId: ctx.runId, code }), ctx.signal);
        if (ctx.signal.aborted) return plain('[cancelled] The run was cancelled before the code ran.');
        if (!allowed) return plain(LOCAL_DENIED);
      }
      const { files, notes } = await inputFiles(ctx.codeFileIds);
      if (deps.instance && (await sessionMoved(deps.store.driver, ctx.threadId, deps.instance))) {
        // A session this instance kept from before the thread moved away is stale: the thread
        // went on elsewhere. It starts over, as the notice says.
        await engine.reset(ctx.threadId);
        notes.push(notices.otherInstance);
      }
      const result = await engine.run(ctx.threadId, code, files, ctx.signal);
      const stored = await storeOutputs(result.files, notes);
      const { logs, modelOutput } = formatResult(result, stored, engine.limits, notes);
      const outputs: unknown[] = [];
      if (logs) outputs.push({ type: 'logs', logs });
      for (const f of stored) if (f.image) outputs.push({ type: 'image', image: { file_id: f.file_id } });
      // Images are sources too: an answer that links sandbox:/mnt/data/plot.png gets a file_path.
      const sources: ToolSource[] = stored.map((f) => ({ kind: 'file', path: f.path, file_id: f.file_id }));
      return { modelOutput, outputs, ...(sources.length ? { sources } : {}) };
    },

    prewarm: () => engine.prewarm(),
    close: () => engine.close(),
  };
}

/** Records that `instance` holds the thread's session; true when another one held it before. */
async function sessionMoved(driver: SqlDriver, threadId: string, instance: string): Promise<boolean> {
  const holder = (await driver.get<{ instance: string }>(PYTHON_SESSION_SQL.holder, [threadId]))?.instance;
  if (holder === instance) return false;
  await driver.run(PYTHON_SESSION_SQL.take, [threadId, instance]);
  return holder !== undefined;
}

/** The promise's value, or undefined as soon as the signal aborts (an unanswered prompt must not hold a cancelled run). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (err) => { signal.removeEventListener('abort', onAbort); reject(err); },
    );
  });
}
