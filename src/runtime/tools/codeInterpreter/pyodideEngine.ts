import path from 'node:path';
import { readFileSync } from 'node:fs';
import { type Logger, silentLogger } from '../../domain/clock';
import { cellResult, DEFAULT_ENGINE_LIMITS, type EngineLimits, type InputFile, type PythonEngine, type PythonRunResult, type RunStatus } from './engine';
import { notices } from './notices';
import type { FromWorker, SandboxWall, ToWorker, WorkerRunResult } from './workerProtocol';
import { defaultPyodidePaths, spawnSandbox, type SandboxProcess } from './workerSpawn';
import { PackageFetcher } from './packageFetcher';
import { awaitCell } from './cellDeadline';

export interface PyodideEngineOptions extends Partial<EngineLimits> {
  /** Pyodide's runtime files (default: dist/pyodide when bundled, node_modules/pyodide from source). */
  assetsDir?: string;
  /**
   * Pyodide's package index for numpy, sympy, matplotlib… Default: the official CDN for the
   * bundled Pyodide version. null keeps the sandbox to the standard library without trying.
   */
  packageIndexUrl?: string | null;
  /** The sandbox process's entry (default: dist/codeInterpreterWorker.js). */
  workerPath?: string;
  /** The sandbox process's JavaScript heap (Pyodide's JS side; Python's own heap is `memoryLimitMb`). */
  workerHeapMb?: number;
  /**
   * Default true. Tests only set false (see WorkerInit.innerLayer), to show that the sandbox
   * process's wall holds without the inner layer. Unset, TUTOR_SANDBOX_INNER_LAYER=off in the
   * host's environment turns it off for each sandbox started after, so the same proof can run
   * through `tutor-assistants serve` and inside VS Code (someone who sets a host's environment
   * owns that host already, so this opens nothing to model-written code).
   */
  innerLayer?: boolean;
  /** Milliseconds; injected so tests can make a session idle without waiting. */
  now?: () => number;
  logger?: Logger;
}

/** What the bench and diagnostics read. */
export interface PyodideStats {
  /** How long the current worker took to load Pyodide, in ms. */
  loadMs?: number;
  /** The WebAssembly heap after the last cell, in MB. */
  heapMb?: number;
  /** Whether the sandbox could reach any network interface (false where Linux let us close it). */
  network?: boolean;
}

interface Live {
  worker: SandboxProcess;
  generation: number;
  ready: Promise<void>;
  loaded: boolean;
  dead: boolean;
  /** Set when we stop the worker on purpose and want no replacement (idle, close). */
  retiring: boolean;
  pending?: { id: number; settle: (outcome: Outcome) => void };
}

type Outcome = { kind: 'result'; result: WorkerRunResult } | { kind: 'died'; error?: Error };

interface SessionState {
  /** The worker generation whose namespace holds this session. */
  generation: number;
  lastUsed: number;
  /** Input files already written into the session's /mnt/data. */
  written: Set<string>;
}

/**
 * Python in Pyodide, in one sandbox process shared by all conversations (workerSpawn.ts: a
 * separate OS process under Node's permission model, with nothing of the host's in reach).
 *
 * Why one worker and not one per conversation: each Pyodide instance costs ~100-150 MB (the
 * 9.6 MB module compiled, a 30 MB+ heap, the stdlib) and ~3 s to start, and a Tutor user talks
 * to one conversation at a time. Conversations get separate globals dicts and separate
 * /mnt/data folders in the one interpreter; cells run one at a time (a queue). The cost of
 * sharing: imported modules are shared, and when a cell has to be killed (it ignored the
 * interrupt) or Pyodide crashes, every conversation's state is lost. Each is told so on its
 * next call. A memory-limit hit clears only the offending conversation's variables.
 *
 * Timeouts: at `timeoutMs` the sandbox is asked to interrupt (Pyodide polls for it), which
 * raises KeyboardInterrupt in the cell; `graceMs` later a cell still running has its process
 * killed, and a fresh one starts loading at once.
 */
export class PyodideEngine implements PythonEngine {
  readonly kind = 'pyodide' as const;
  readonly limits: EngineLimits;
  readonly stats: PyodideStats = {};
  private live?: Live;
  private generation = 0;
  private nextId = 0;
  private readonly sessions = new Map<string, SessionState>();
  /** Sessions the sweeper reset for idleness; their next call is told. */
  private readonly idleReset = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private running?: string;
  private lastActivity = 0;
  private sweeper?: NodeJS.Timeout;
  private closed = false;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: PyodideEngineOptions = {}) {
    this.limits = { ...DEFAULT_ENGINE_LIMITS };
    for (const key of Object.keys(DEFAULT_ENGINE_LIMITS) as (keyof EngineLimits)[]) {
      if (options[key] !== undefined) this.limits[key] = options[key]!;
    }
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  async prewarm(): Promise<void> {
    if (this.closed) return;
    await this.start().ready;
  }

  run(session: string, code: string, files: readonly InputFile[], signal?: AbortSignal): Promise<PythonRunResult> {
    const task = this.queue.then(() => this.runNow(session, code, files, signal));
    this.queue = task.catch(() => undefined);
    return task;
  }

  async reset(session: string): Promise<void> {
    this.sessions.delete(session);
    this.idleReset.delete(session);
    if (this.live && !this.live.dead) this.post(this.live, { type: 'reset', session });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    const live = this.live;
    this.live = undefined;
    if (live) {
      live.retiring = true;
      await live.worker.kill();
    }
    this.sessions.clear();
  }

  private async runNow(session: string, code: string, files: readonly InputFile[], signal?: AbortSignal): Promise<PythonRunResult> {
    const notes: string[] = [];
    const result = cellResult(notes);
    if (this.closed) throw new Error('The Python engine is closed.');
    if (signal?.aborted) return result('cancelled');
    this.expireIfIdle(session, notes);

    const live = this.start();
    // A cancel must not wait for a (re)loading interpreter.
    if ((await Promise.race([live.ready.then(() => 'ready' as const), aborted(signal)])) === 'aborted') return result('cancelled');
    let state = this.sessions.get(session);
    if (state && state.generation !== live.generation) {
      notes.push(notices.restarted);
      state = undefined;
    }
    if (!state) {
      state = { generation: live.generation, lastUsed: this.now(), written: new Set() };
      this.sessions.set(session, state);
    }
    const fresh = files.filter((f) => !state!.written.has(f.id));
    const payload = await Promise.all(fresh.map(async (f) => ({ name: f.name, bytes: await f.read() })));
    if (signal?.aborted) return result('cancelled');

    this.running = session;
    const { outcome, reason } = await awaitCell<Outcome>({
      timeoutMs: this.limits.timeoutMs,
      graceMs: this.limits.graceMs,
      signal,
      // 2 is SIGINT: Pyodide raises KeyboardInterrupt at the next bytecode boundary.
      interrupt: () => live.worker.interrupt(),
      kill: () => void live.worker.kill(),
      start: (settle) => {
        const id = ++this.nextId;
        live.pending = { id, settle };
        live.worker.ref();
        this.post(live, { type: 'run', id, session, code, files: payload });
      },
    });
    this.running = undefined;
    this.lastActivity = this.now();
    if (!live.dead) live.worker.unref();

    if (outcome.kind === 'died') {
      if (this.closed) return result('cancelled');
      // This session is told now; the others learn of it from the generation on their next call.
      this.sessions.delete(session);
      const status: RunStatus = reason ? 'killed' : 'crashed';
      if (status === 'crashed') this.logger.error('The code interpreter worker died', outcome.error);
      return result(status, outcome.error ? { error: { type: outcome.error.name, message: outcome.error.message, traceback: '' } } : {});
    }

    const r = outcome.result;
    for (const f of fresh) state.written.add(f.id);
    state.lastUsed = this.now();
    this.stats.heapMb = r.heapMb;
    if (r.status === 'fatal') {
      this.sessions.delete(session);
      // Fix (found by test/reliability/sandboxAbuse.test.ts): this worker's Pyodide is unusable
      // (os._exit(), os.abort(), a blown stack), but its exit event comes later, so the next call
      // used to reach it and fail too. Forget it now: the next call starts a fresh interpreter.
      live.dead = true;
      live.retiring = true;
      if (this.live === live) this.live = undefined;
      void live.worker.kill();
    }
    for (const name of r.unwrittenFiles) notes.push(notices.unwrittenFile(name, this.limits.storageLimitMb));
    for (const skipped of r.skippedFiles) notes.push(notices.skippedFile(skipped.path, skipped.bytes, this.limits.maxOutputFileBytes));
    const status: RunStatus =
      r.status === 'interrupt' ? (reason ?? 'error')
      : r.status === 'fatal' ? 'crashed'
      : r.status;
    return result(status, {
      output: r.output,
      truncated: r.omittedBytes > 0,
      omittedBytes: r.omittedBytes,
      ...(r.value !== undefined ? { value: r.value } : {}),
      ...(r.error ? { error: r.error } : {}),
      files: r.files,
      missingPackages: r.missingPackages,
      cleared: r.freed,
    });
  }

  /** A session unused for `idleMs` is reset before its next cell runs, and the cell is told. */
  private expireIfIdle(session: string, out: string[]): void {
    const minutes = Math.round(this.limits.idleMs / 60_000);
    if (this.idleReset.delete(session)) {
      out.push(notices.idleReset(minutes));
      return;
    }
    const state = this.sessions.get(session);
    if (state && this.now() - state.lastUsed > this.limits.idleMs) {
      void this.reset(session);
      out.push(notices.idleReset(minutes));
    }
  }

  /** Resets idle sessions, and stops the worker once nothing has used it for `idleMs`. */
  private sweep(): void {
    const now = this.now();
    for (const [key, state] of this.sessions) {
      if (key === this.running || now - state.lastUsed <= this.limits.idleMs) continue;
      void this.reset(key);
      this.idleReset.add(key);
    }
    const live = this.live;
    if (live && live.loaded && !live.pending && this.sessions.size === 0 && now - this.lastActivity > this.limits.idleMs) {
      live.retiring = true;
      this.live = undefined;
      void live.worker.kill();
    }
  }

  /** The current worker, or a new one loading Pyodide. */
  private start(): Live {
    if (this.live && !this.live.dead) return this.live;
    const defaults = defaultPyodidePaths();
    const assetsDir = this.options.assetsDir ?? defaults.assetsDir;
    const workerPath = this.options.workerPath ?? defaults.workerPath;
    const worker = spawnSandbox({ workerPath, assetsDir, heapMb: this.options.workerHeapMb ?? 256 });
    const packageIndexUrl = this.options.packageIndexUrl === undefined ? defaultPackageIndex(assetsDir) : this.options.packageIndexUrl;
    const packages = new PackageFetcher(packageIndexUrl);
    const live: Live = { worker, generation: ++this.generation, ready: Promise.resolve(), loaded: false, dead: false, retiring: false };
    live.ready = new Promise<void>((resolve, reject) => {
      worker.onMessage((message: FromWorker) => {
        const breach = message.type === 'ready' ? wallBreach(message.wall) : undefined;
        if (breach) {
          // Never run model-written code unconfined: this Node did not raise the wall.
          reject(new Error(`The Python sandbox is not confined on this system (${breach}), so Tutor will not run Python in it. Node ${process.versions.node}${process.versions.electron ? ` (Electron ${process.versions.electron})` : ''} must support its permission model; set tutor.codeInterpreter.engine to "python" to run your own interpreter (it asks before every run).`));
          live.retiring = true;
          void worker.kill();
        } else if (message.type === 'ready') {
          live.loaded = true;
          this.stats.loadMs = message.loadMs;
          this.stats.heapMb = message.heapMb;
          this.stats.network = message.wall.network;
          if (!live.pending) worker.unref();
          resolve();
        } else if (message.type === 'initFailed') {
          reject(new Error(`Pyodide could not start: ${message.message}`));
          live.retiring = true;
          void worker.kill();
        } else if (message.type === 'fetch') {
          void packages.answer(message).then((reply) => this.post(live, reply));
        } else if (message.type === 'result' && live.pending?.id === message.id) {
          const pending = live.pending;
          live.pending = undefined;
          pending.settle({ kind: 'result', result: message.result });
        }
      });
      const died = (error?: Error) => {
        if (live.dead) return;
        live.dead = true;
        if (this.live === live) this.live = undefined;
        reject(error ?? new Error('The Python worker stopped while loading Pyodide.'));
        const pending = live.pending;
        live.pending = undefined;
        pending?.settle({ kind: 'died', ...(error ? { error } : {}) });
        // A worker that had loaded fine was killed or crashed: have the next one ready. (Never
        // after a failed load, which would only fail again, in a loop.)
        if (live.loaded && !live.retiring && !this.closed) this.start().ready.catch((err) => this.logger.error('The code interpreter could not restart', err));
      };
      worker.onExit(died);
    });
    live.ready.catch(() => undefined);
    this.post(live, {
      type: 'init', assetsDir, packageIndexUrl, memoryLimitMb: this.limits.memoryLimitMb, storageLimitMb: this.limits.storageLimitMb, outputLimitChars: this.limits.outputLimitChars,
      maxOutputFileBytes: this.limits.maxOutputFileBytes, maxOutputFiles: this.limits.maxOutputFiles,
      innerLayer: this.options.innerLayer ?? process.env.TUTOR_SANDBOX_INNER_LAYER !== 'off',
    });
    this.live = live;
    this.lastActivity = this.now();
    if (!this.sweeper) {
      this.sweeper = setInterval(() => this.sweep(), Math.max(1_000, Math.min(this.limits.idleMs / 2, 60_000)));
      this.sweeper.unref();
    }
    return live;
  }

  private post(live: Live, message: ToWorker): void {
    live.worker.send(message);
  }
}

/** What the permission model must have shut; `network` is reported but not required (see SandboxWall). */
const WALL_DOORS = ['writeFiles', 'readOutside', 'childProcesses', 'workers', 'nativeAddons', 'environment'] as const satisfies readonly (keyof SandboxWall)[];

/** What the sandbox may still do that it must not, named for the error; undefined when the wall holds. */
function wallBreach(wall: SandboxWall): string | undefined {
  if (!wall.permissionModel) return "Node's permission model is off";
  const open = WALL_DOORS.filter((k) => wall[k]);
  return open.length ? `it may still use: ${open.join(', ')}` : undefined;
}

/** Resolves when the signal aborts (never, without a signal). */
function aborted(signal: AbortSignal | undefined): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve('aborted');
    else signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}

/** The official CDN folder for the Pyodide version whose files are in assetsDir (its lock file says which). */
function defaultPackageIndex(assetsDir: string): string | null {
  try {
    const lock = JSON.parse(readFileSync(path.join(assetsDir, 'pyodide-lock.json'), 'utf8')) as { info?: { version?: string } };
    return lock.info?.version ? `https://cdn.jsdelivr.net/pyodide/v${lock.info.version}/full/` : null;
  } catch {
    return null;
  }
}
