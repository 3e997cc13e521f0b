/** Messages between PyodideEngine (host) and pyodideWorker (the sandbox process), over its IPC channel. */

export interface WorkerInit {
  type: 'init';
  /** Folder holding pyodide.mjs, pyodide.asm.{mjs,wasm}, python_stdlib.zip, pyodide-lock.json. */
  assetsDir: string;
  memoryLimitMb: number;
  storageLimitMb: number;
  outputLimitChars: number;
  maxOutputFileBytes: number;
  maxOutputFiles: number;
  /**
   * Where packages beyond the standard library (numpy, sympy, matplotlib…) are fetched from:
   * Pyodide's package index for this version. null: never try (offline by choice).
   */
  packageIndexUrl: string | null;
  /**
   * The inner layer's closures at the C level: no compiled library that Pyodide did not load
   * itself (a side module a cell wrote), and no `_ctypes` built-in at all. Always on in the
   * product; tests turn it off to show that the process's own wall holds without it.
   */
  innerLayer: boolean;
}

export interface WorkerRun {
  type: 'run';
  id: number;
  session: string;
  code: string;
  /** Files not yet written into this session (the host remembers which ones are). */
  files: { name: string; bytes: Uint8Array }[];
}

export interface WorkerReset {
  type: 'reset';
  session: string;
}

/** The host's answer to a WorkerFetch: the file's bytes, or why not. */
export interface WorkerFetched {
  type: 'fetched';
  id: number;
  /** HTTP status (0 when the host could not reach the index at all). */
  status: number;
  bytes?: Uint8Array;
}

export type ToWorker = WorkerInit | WorkerRun | WorkerReset | WorkerFetched;

export interface WorkerRunResult {
  /** As the cell runner reports, plus 'fatal' when Pyodide itself broke and must be replaced. */
  status: 'ok' | 'error' | 'exit' | 'interrupt' | 'memory' | 'fatal';
  output: string;
  omittedBytes: number;
  value?: string;
  error?: { type: string; message: string; traceback: string };
  /** The namespace was cleared to get memory back after a MemoryError. */
  freed: boolean;
  files: { path: string; bytes: Uint8Array }[];
  skippedFiles: { path: string; bytes: number }[];
  /** Input files that did not fit in the sandbox's file storage. */
  unwrittenFiles: string[];
  missingPackages: string[];
  /** The WebAssembly heap after the cell, for the host's diagnostics and the bench. */
  heapMb: number;
}

export type FromWorker =
  | { type: 'ready'; loadMs: number; heapMb: number; wall: SandboxWall }
  | { type: 'initFailed'; message: string }
  | { type: 'result'; id: number; result: WorkerRunResult }
  | WorkerFetch;

/**
 * A package file the sandbox needs (Pyodide's loadPackage asks for it with fetch). The sandbox
 * has no network of its own, so the host fetches it, and only from the configured package index.
 */
export interface WorkerFetch {
  type: 'fetch';
  id: number;
  url: string;
  method: 'GET' | 'HEAD';
}

/**
 * What the sandbox process may do, as Node's permission model answers from inside it. The host
 * sends no code until every one of these is false: a Node that ignored the flags (or an Electron
 * without the permission model) must never run model-written code unconfined.
 */
export interface SandboxWall {
  permissionModel: boolean;
  writeFiles: boolean;
  readOutside: boolean;
  childProcesses: boolean;
  workers: boolean;
  nativeAddons: boolean;
  environment: boolean;
  /**
   * Whether any network interface is up in the sandbox. Reported, not required: where Linux
   * allows, the sandbox starts in an empty network namespace; elsewhere it can open sockets but
   * holds no credential for anything (SECURITY.md).
   */
  network: boolean;
}
