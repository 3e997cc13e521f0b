// The worker-thread baseline for the code interpreter bench: the engine's own worker bundle
// (dist/codeInterpreterWorker.js) run in a node:worker_threads Worker inside the bench process,
// the way PyodideEngine hosted Pyodide before the sandbox became a separate OS process (issue 12).
// The bundle talks through process.send and process.on('message'); a few lines below connect
// those to the thread's port, so every cell does exactly the per-cell work the sandbox does (the
// session's /mnt/data, the file walk, the cell runner) and only the hosting differs. Bench-only:
// a thread has no permission model, which is the point of the real engine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_ENGINE_LIMITS } from '../../src/runtime/tools/codeInterpreter/engine';
import type { FromWorker, WorkerInit } from '../../src/runtime/tools/codeInterpreter/workerProtocol';

// A script (eval'd workers are CommonJS); the bundle reads its interrupt file's path from argv[2].
const SHIM = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
process.argv = [process.argv[0], workerData.workerPath, workerData.interruptFile];
process.send = (message) => (parentPort.postMessage(message), true);
parentPort.on('message', (message) => process.emit('message', message));
require(workerData.workerPath);
`;

export class PyodideThread {
  private nextId = 0;
  private constructor(
    private readonly worker: Worker,
    private readonly controlDir: string,
  ) {}

  /** Starts the thread and resolves once Pyodide has loaded in it (the cold load). */
  static async start(paths: { assetsDir: string; workerPath: string }): Promise<PyodideThread> {
    const controlDir = mkdtempSync(path.join(tmpdir(), 'tutor-bench-thread-'));
    const interruptFile = path.join(controlDir, 'interrupt');
    writeFileSync(interruptFile, '');
    const worker = new Worker(SHIM, { eval: true, workerData: { workerPath: paths.workerPath, interruptFile } });
    const thread = new PyodideThread(worker, controlDir);
    const limits = DEFAULT_ENGINE_LIMITS;
    const init: WorkerInit = {
      type: 'init', assetsDir: paths.assetsDir, packageIndexUrl: null, innerLayer: true, memoryLimitMb: limits.memoryLimitMb, storageLimitMb: limits.storageLimitMb,
      outputLimitChars: limits.outputLimitChars, maxOutputFileBytes: limits.maxOutputFileBytes, maxOutputFiles: limits.maxOutputFiles,
    };
    const ready = thread.next();
    worker.postMessage(init);
    const first = await ready;
    if (first.type !== 'ready') {
      await thread.terminate();
      throw new Error(`Pyodide did not load in a worker thread: ${first.type === 'initFailed' ? first.message : first.type}`);
    }
    return thread;
  }

  /** Runs one cell; rejects if it did not end "ok" (the bench's cells are all meant to). */
  async run(code: string): Promise<void> {
    const id = ++this.nextId;
    const reply = this.next();
    this.worker.postMessage({ type: 'run', id, session: 'thread_bench', code, files: [] });
    const r = await reply;
    if (r.type !== 'result' || r.id !== id || r.result.status !== 'ok') throw new Error(`thread cell ${id}: ${r.type === 'result' ? `${r.result.status} ${r.result.error?.message ?? ''}` : r.type}`);
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
    rmSync(this.controlDir, { recursive: true, force: true });
  }

  private next(): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.worker.once('error', onError);
      this.worker.once('message', (m: FromWorker) => {
        this.worker.off('error', onError);
        resolve(m);
      });
    });
  }
}
