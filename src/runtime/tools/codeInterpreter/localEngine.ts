import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Logger, silentLogger } from '../../domain/clock';
import { cellResult, DEFAULT_ENGINE_LIMITS, type EngineLimits, type InputFile, type PythonEngine, type PythonRunResult, type RunStatus } from './engine';
import { LOCAL_DRIVER_PY } from './localDriver';
import { notices } from './notices';
import { awaitCell } from './cellDeadline';
import { changedFiles, snapshot, unmapPaths } from './localWorkspace';

export interface LocalEngineOptions extends Partial<EngineLimits> {
  /** The interpreter to run (default `python3`, `python` on Windows): a path or a name on PATH. */
  pythonPath?: string;
  /** Live interpreter processes at most; the least recently used is closed for a new one. */
  maxSessions?: number;
  now?: () => number;
  logger?: Logger;
}

/**
 * Local Python has the user's packages and a 64-bit address space, so it gets room: 2 GB of
 * address space (numpy and friends reserve a lot of it without using it).
 */
const LOCAL_DEFAULTS: EngineLimits = { ...DEFAULT_ENGINE_LIMITS, memoryLimitMb: 2048 };

/** Environment variables the interpreter inherits: enough to find itself and its packages, and no secrets (API keys) from the extension host. */
const PASSED_ENV = ['PATH', 'HOME', 'USERPROFILE', 'LANG', 'LC_ALL', 'LC_CTYPE', 'SYSTEMROOT', 'WINDIR', 'COMSPEC', 'TEMP', 'TMP', 'TMPDIR', 'PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', 'CONDA_PREFIX', 'LD_LIBRARY_PATH', 'DYLD_LIBRARY_PATH'];

interface Reply {
  id: number;
  status: 'ok' | 'error' | 'exit' | 'interrupt' | 'memory';
  value: string | null;
  error: PythonRunResult['error'] | null;
  freed: boolean;
  output: string;
  omitted: number;
}

type Outcome = { kind: 'reply'; reply: Reply } | { kind: 'died'; error?: Error };

interface Session {
  proc: ChildProcess;
  /** The real folder that stands in for /mnt/data. */
  dir: string;
  ready: Promise<void>;
  lastUsed: number;
  written: Set<string>;
  /** Raw fd 1/fd 2 output (child processes, C code) seen during the current cell. */
  raw: string[];
  pending?: { id: number; settle: (outcome: Outcome) => void };
  queue: Promise<unknown>;
  dead: boolean;
}

/**
 * Python with the user's own interpreter (`tutor` setting), one persistent process per
 * conversation, driven over JSON lines by LOCAL_DRIVER_PY.
 *
 * NOT A SANDBOX. The code runs as the user, with their files, network and programs; only the
 * time limit, the memory limit (RLIMIT_AS, Linux only), the output limit and a trimmed
 * environment (no API keys) apply. That is why the tool asks the user before every call.
 *
 * /mnt/data does not exist on the user's machine. Each session gets a temp folder instead:
 * it is the working directory, `DATA_DIR` (Python) and `TUTOR_DATA_DIR` (environment) name it,
 * and the literal text `/mnt/data` in the code is replaced by its path before the code runs
 * (and the path by `/mnt/data` in the output), so code written for the sandbox works as is.
 */
export class LocalPythonEngine implements PythonEngine {
  readonly kind = 'local' as const;
  readonly limits: EngineLimits;
  private readonly sessions = new Map<string, Session>();
  private readonly idleReset = new Set<string>();
  private readonly evicted = new Set<string>();
  private nextId = 0;
  private sweeper?: NodeJS.Timeout;
  private readonly python: string;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: LocalEngineOptions = {}) {
    this.limits = { ...LOCAL_DEFAULTS };
    for (const key of Object.keys(LOCAL_DEFAULTS) as (keyof EngineLimits)[]) {
      if (options[key] !== undefined) this.limits[key] = options[key]!;
    }
    this.python = options.pythonPath || (process.platform === 'win32' ? 'python' : 'python3');
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  /** Checks that the interpreter starts (a session that is then thrown away). */
  async prewarm(): Promise<void> {
    const session = this.spawn();
    try {
      await session.ready;
    } finally {
      this.dispose(session);
    }
  }

  run(key: string, code: string, files: readonly InputFile[], signal?: AbortSignal): Promise<PythonRunResult> {
    const notes: string[] = [];
    if (this.idleReset.delete(key)) notes.push(notices.idleReset(Math.round(this.limits.idleMs / 60_000)));
    if (this.evicted.delete(key)) notes.push(notices.evicted);
    let session = this.sessions.get(key);
    if (session?.dead) {
      this.sessions.delete(key);
      session = undefined;
    }
    if (session && !session.pending && this.now() - session.lastUsed > this.limits.idleMs) {
      void this.reset(key);
      notes.push(notices.idleReset(Math.round(this.limits.idleMs / 60_000)));
      session = undefined;
    }
    if (!session) session = this.open(key);
    const s = session;
    const task = s.queue.then(() => this.runIn(s, key, code, files, notes, signal));
    s.queue = task.catch(() => undefined);
    return task;
  }

  async reset(key: string): Promise<void> {
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    this.dispose(session);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const key of [...this.sessions.keys()]) await this.reset(key);
  }

  private open(key: string): Session {
    const max = Math.max(1, this.options.maxSessions ?? 4);
    while (this.sessions.size >= max) {
      const [oldest] = [...this.sessions.entries()].filter(([, s]) => !s.pending).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
      if (!oldest) break;
      void this.reset(oldest[0]);
      this.evicted.add(oldest[0]);
    }
    const session = this.spawn();
    this.sessions.set(key, session);
    session.proc.once('exit', () => {
      if (this.sessions.get(key) === session) this.sessions.delete(key);
    });
    if (!this.sweeper) {
      this.sweeper = setInterval(() => this.sweep(), Math.max(1_000, Math.min(this.limits.idleMs / 2, 60_000)));
      this.sweeper.unref();
    }
    return session;
  }

  private spawn(): Session {
    // The real path: on macOS the temp folder is behind a symlink, and Python prints real paths.
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'tutor-python-')));
    const env: Record<string, string> = {};
    for (const name of PASSED_ENV) if (process.env[name] !== undefined) env[name] = process.env[name]!;
    Object.assign(env, {
      TUTOR_DATA_DIR: dir, TUTOR_MEMORY_MB: String(this.limits.memoryLimitMb), PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1',
      MPLBACKEND: 'Agg', OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1',
    });
    const proc = spawn(this.python, ['-u', '-c', LOCAL_DRIVER_PY], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const session: Session = { proc, dir, ready: Promise.resolve(), lastUsed: this.now(), written: new Set(), raw: [], queue: Promise.resolve(), dead: false };
    let lines = '';
    let stderr = '';
    session.ready = new Promise<void>((resolve, reject) => {
      proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        lines += chunk;
        let end: number;
        while ((end = lines.indexOf('\n')) >= 0) {
          const line = lines.slice(0, end);
          lines = lines.slice(end + 1);
          let message: Partial<Reply> & { ready?: boolean };
          try {
            message = JSON.parse(line) as typeof message;
          } catch {
            continue;
          }
          if (message.ready) resolve();
          else if (session.pending && message.id === session.pending.id) {
            const pending = session.pending;
            session.pending = undefined;
            pending.settle({ kind: 'reply', reply: message as Reply });
          }
        }
      });
      proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        if (session.pending) session.raw.push(chunk);
        else if (stderr.length < 4_000) stderr += chunk;
      });
      const died = (error?: Error) => {
        if (session.dead) return;
        session.dead = true;
        reject(new Error(`Could not start Python (${this.python}): ${error?.message ?? (stderr.trim() || 'it exited at once')}`));
        const pending = session.pending;
        session.pending = undefined;
        pending?.settle({ kind: 'died', ...(error ? { error } : {}) });
        rmSync(dir, { recursive: true, force: true });
      };
      proc.on('error', died);
      proc.on('exit', () => died());
    });
    session.ready.catch(() => undefined);
    return session;
  }

  private dispose(session: Session): void {
    if (!session.dead) session.proc.kill('SIGKILL');
    rmSync(session.dir, { recursive: true, force: true });
  }

  private async runIn(session: Session, key: string, code: string, files: readonly InputFile[], notes: string[], signal?: AbortSignal): Promise<PythonRunResult> {
    const result = cellResult(notes);
    if (signal?.aborted) return result('cancelled');
    await session.ready;
    for (const file of files) {
      if (session.written.has(file.id)) continue;
      writeFileSync(path.join(session.dir, file.name), await file.read());
      session.written.add(file.id);
    }
    const before = snapshot(session.dir);
    const dataDir = session.dir.split(path.sep).join('/');
    session.raw = [];
    const { outcome, reason } = await awaitCell<Outcome>({
      timeoutMs: this.limits.timeoutMs,
      graceMs: this.limits.graceMs,
      signal,
      // Windows has no SIGINT for another process: there the first stop is the last.
      interrupt: () => session.proc.kill(process.platform === 'win32' ? 'SIGKILL' : 'SIGINT'),
      kill: () => session.proc.kill('SIGKILL'),
      start: (settle) => {
        const id = ++this.nextId;
        session.pending = { id, settle };
        const request = { id, code: code.replaceAll('/mnt/data', dataDir), name: `<cell-${id}>`, repr_limit: Math.min(this.limits.outputLimitChars, 5_000), output_limit: this.limits.outputLimitChars };
        session.proc.stdin!.write(`${JSON.stringify(request)}\n`);
      },
    });
    session.lastUsed = this.now();
    const unmap = (text: string) => unmapPaths(text, session.dir);

    if (outcome.kind === 'died') {
      this.sessions.delete(key);
      this.dispose(session);
      return result(reason ? 'killed' : 'crashed', { output: unmap(session.raw.join('')), error: { type: 'Exit', message: 'the Python process exited', traceback: '' } });
    }
    const reply = outcome.reply;
    const { files: outputs, skipped } = changedFiles(session.dir, before, this.limits);
    for (const s of skipped) notes.push(notices.skippedFile(s.path, s.bytes, this.limits.maxOutputFileBytes));
    const raw = session.raw.join('');
    let output = unmap(reply.output);
    if (raw) output += `${output && !output.endsWith('\n') ? '\n' : ''}${unmap(raw).slice(0, Math.max(0, this.limits.outputLimitChars - output.length))}`;
    const status: RunStatus = reply.status === 'interrupt' ? (reason ?? 'error') : reply.status;
    return result(status, {
      output,
      truncated: reply.omitted > 0,
      omittedBytes: reply.omitted,
      ...(reply.value !== null ? { value: unmap(reply.value) } : {}),
      ...(reply.error ? { error: { ...reply.error, traceback: unmap(reply.error.traceback), message: unmap(reply.error.message) } } : {}),
      files: outputs,
      cleared: reply.freed,
    });
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) {
      if (session.pending || now - session.lastUsed <= this.limits.idleMs) continue;
      void this.reset(key);
      this.idleReset.add(key);
    }
  }
}
