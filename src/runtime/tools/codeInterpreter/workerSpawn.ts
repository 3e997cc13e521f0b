import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Where PyodideEngine finds its worker script and Pyodide's runtime files. */
export interface PyodidePaths {
  /** Folder with pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip, pyodide-lock.json. */
  assetsDir: string;
  /** The worker entry: dist/codeInterpreterWorker.js, or pyodideWorker.ts when running from source. */
  workerPath: string;
}

/**
 * Defaults for both ways this module runs: bundled (esbuild puts this code in dist/runtime.js,
 * with the worker at dist/codeInterpreterWorker.js and Pyodide's files in dist/pyodide/) and
 * from source under tsx (tests, bench), where the files are in node_modules/pyodide.
 */
export function defaultPyodidePaths(): PyodidePaths {
  if (__filename.endsWith('.ts')) {
    return { assetsDir: path.resolve(__dirname, '../../../../node_modules/pyodide'), workerPath: path.join(__dirname, 'pyodideWorker.ts') };
  }
  return { assetsDir: path.join(__dirname, 'pyodide'), workerPath: path.join(__dirname, 'codeInterpreterWorker.js') };
}

/**
 * Starts the worker. A TypeScript entry (from source) is loaded through tsx's CommonJS hook,
 * registered inside the worker: Node 20 does not carry the parent's `--import tsx` loader into
 * worker threads.
 */
export function spawnWorker(workerPath: string, options: WorkerOptions): Worker {
  if (!workerPath.endsWith('.ts')) return new Worker(workerPath, options);
  // createRequire: a bundler would try to resolve a plain require.resolve of a dev dependency.
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(workerPath)});`, { ...options, eval: true });
}
