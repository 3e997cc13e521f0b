/**
 * What the code interpreter tool asks of a Python back end. Two implement it: PyodideEngine (the
 * default: CPython compiled to WebAssembly, in a sandbox process, no host access) and
 * LocalPythonEngine (the user's own python3, opted into in settings, with approval per call).
 */
export interface PythonEngine {
  /** 'local' engines run code on the user's machine, so the tool asks before each call. */
  readonly kind: 'pyodide' | 'local';
  readonly limits: EngineLimits;
  /**
   * Runs one cell in the session's namespace (a notebook: variables persist between calls).
   * Never rejects for anything the code does (errors, timeouts, memory, a crashed interpreter
   * all come back as a status); rejects only when the engine itself cannot start.
   */
  run(session: string, code: string, files: readonly InputFile[], signal?: AbortSignal): Promise<PythonRunResult>;
  /** Forgets the session's variables and files. */
  reset(session: string): Promise<void>;
  /** Starts the interpreter ahead of the first call, so that call does not pay the start-up. */
  prewarm(): Promise<void>;
  /** Stops every interpreter; later calls start afresh. */
  close(): Promise<void>;
}

/**
 * A file the code sees under /mnt/data. Bytes are read on demand: an engine writes a file into
 * a session once, so later calls in the same conversation do not re-read it from disk.
 */
export interface InputFile {
  id: string;
  /** A plain file name (no folders), unique among the call's files. */
  name: string;
  read(): Promise<Uint8Array>;
}

/** A file the code created or changed under /mnt/data. */
export interface OutputFile {
  /** As the code sees it: `/mnt/data/<relative path>`. */
  path: string;
  bytes: Uint8Array;
}

/**
 * How a cell ended.
 * - `ok`, `error` (an exception; traceback in `error`), `exit` (SystemExit).
 * - `timeout`: interrupted at the time limit; the session's state is kept.
 * - `cancelled`: interrupted because the run was cancelled; state kept.
 * - `memory`: hit the memory limit; see `notices` for what was freed.
 * - `killed`: did not stop when interrupted, so the interpreter was terminated; state lost.
 * - `crashed`: the interpreter died on its own (e.g. out of JS heap); state lost.
 */
export type RunStatus = 'ok' | 'error' | 'exit' | 'timeout' | 'cancelled' | 'memory' | 'killed' | 'crashed';

export interface PythonRunResult {
  status: RunStatus;
  /** stdout and stderr as printed, in order, already cut at the output limit. */
  output: string;
  /** True when `output` was cut; `omittedBytes` says how much was dropped. */
  truncated: boolean;
  omittedBytes: number;
  /** repr() of the cell's last expression when it was not None (as a notebook echoes it). */
  value?: string;
  error?: { type: string; message: string; traceback: string };
  files: OutputFile[];
  /** Plain sentences for the model and the user: state resets, missing packages, skipped files. */
  notices: string[];
  /** After a MemoryError, the session's variables were cleared to get the memory back. */
  cleared?: boolean;
  /** Packages the code imported that could not be loaded. */
  missingPackages: string[];
  durationMs: number;
}

/**
 * Starts timing a cell and returns how its results are built: what did not happen defaults to
 * nothing (no output, no files), the notices are the cell's, and the duration runs from now.
 *
 * @example
 *   const result = cellResult(notes);
 *   if (signal?.aborted) return result('cancelled');
 *   return result('ok', { output: 'x = 1.0\n' });
 */
export function cellResult(notes: string[]): (status: RunStatus, extra?: Partial<PythonRunResult>) => PythonRunResult {
  const started = performance.now();
  return (status, extra = {}) => ({
    status, output: '', truncated: false, omittedBytes: 0, files: [], notices: notes, missingPackages: [], durationMs: performance.now() - started, ...extra,
  });
}

/** Limits shared by both engines. */
export interface EngineLimits {
  /** When a running cell is interrupted (KeyboardInterrupt). */
  timeoutMs: number;
  /** How long after the interrupt a cell that keeps running is killed (its session is lost). */
  graceMs: number;
  /** The interpreter's memory: Pyodide's WebAssembly heap, or the local process's address space. */
  memoryLimitMb: number;
  /**
   * Pyodide only: all files together (MEMFS keeps them in memory, outside the heap). The local
   * engine writes to a real temp folder and does not limit it.
   */
  storageLimitMb: number;
  /** Characters of stdout+stderr kept per call. */
  outputLimitChars: number;
  /** A session unused this long is reset (its variables and files dropped). */
  idleMs: number;
  /** Output files larger than this are not returned (a note says so). */
  maxOutputFileBytes: number;
  /** At most this many output files per call. */
  maxOutputFiles: number;
}

export const DEFAULT_ENGINE_LIMITS: EngineLimits = {
  timeoutMs: 30_000,
  graceMs: 1_500,
  memoryLimitMb: 512,
  storageLimitMb: 256,
  outputLimitChars: 20_000,
  idleMs: 20 * 60_000,
  maxOutputFileBytes: 50 * 1024 * 1024,
  maxOutputFiles: 20,
};
