// Code interpreter figures for `npm run bench`, each beside the baseline it is compared with:
// the first cell after prewarm beside a first cell on a cold engine (what prewarm saves), and a
// warm cell's round trip beside a no-op worker thread's (what Pyodide and the cell runner add to
// the message passing they cannot avoid). The engine's Pyodide runs in a separate OS process;
// cold load, first cell, warm round trip and the host's RSS while a cell allocates 200 MB are
// also measured for the same worker bundle in a worker thread of this process
// (lib/pyodideThread.ts, how the engine hosted it before), so the cost of the process shows
// beside it in the same run. Runs the shipped worker bundle and Pyodide files from
// TUTOR_BENCH_DIST (the unpacked VSIX's dist/, set by bench/run.mjs) or this checkout's dist/ when
// they are there, else the sources.
// Prints one JSON object on stdout; bench/run.mjs gathers and tabulates.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LocalPythonEngine } from '../src/runtime/tools/codeInterpreter/localEngine';
import { PyodideEngine, type PyodideEngineOptions } from '../src/runtime/tools/codeInterpreter/pyodideEngine';
import { defaultPyodidePaths } from '../src/runtime/tools/codeInterpreter/workerSpawn';
import { codeFromArguments, createCodeInputDecoder } from '../src/runtime/tools/codeInterpreter/toolInput';
import { PyodideThread } from './lib/pyodideThread';

const now = () => performance.now();
const MB = 1024 * 1024;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const FIRST_CELL = 'x = 3\nprint("x =", (14 - 11) / x)';
/** A cell that holds 200 MB (filled, so every page is touched), and the one that lets it go. */
const BIG_CELL_MB = 200;
const BIG_CELL = `_big = bytearray(b"\\x01") * (${BIG_CELL_MB} * 1024 * 1024)`;
const FREE_BIG = 'del _big';

/**
 * This process's RSS growth while `run` runs (sampled every 5 ms: the cell runs in another
 * thread or process, so this event loop is free) and once it has returned, in MB over before.
 */
async function hostRssDuring(run: () => Promise<unknown>): Promise<{ peak: number; after: number }> {
  global.gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  const after = process.memoryUsage.rss();
  return { peak: (Math.max(peak, after) - before) / MB, after: (after - before) / MB };
}

async function roundTrips(run: () => Promise<unknown>, n: number): Promise<number[]> {
  for (let i = 0; i < 20; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = now();
    await run();
    times.push(now() - s);
  }
  return times;
}

/** The floor under any worker-hosted interpreter: a message to a worker thread that echoes it. */
async function noopWorkerRoundTrips(n: number): Promise<number[]> {
  const worker = new Worker("const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));", { eval: true });
  let id = 0;
  const times = await roundTrips(() => new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage({ type: 'run', id: ++id, session: 'thread_noop', code: 'pass', files: [] });
  }), n);
  await worker.terminate();
  return times;
}

/**
 * The same echo in a child process over IPC, as the sandbox is spawned (structured clones): how
 * much of the process engine's warm round trip over the worker thread's is message passing.
 */
async function noopProcessRoundTrips(n: number): Promise<number[]> {
  const child = spawn(process.execPath, ['-e', "process.on('message', (m) => process.send(m))"], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
  let id = 0;
  const times = await roundTrips(() => new Promise((resolve) => {
    child.once('message', resolve);
    child.send({ type: 'run', id: ++id, session: 'thread_noop', code: 'pass', files: [] });
  }), n);
  child.kill();
  return times;
}

/** The shipped worker and Pyodide files, when a build put them in dist/. */
function shippedPaths(): PyodideEngineOptions {
  const dist = process.env.TUTOR_BENCH_DIST || path.resolve(__dirname, '..', 'dist');
  const workerPath = path.join(dist, 'codeInterpreterWorker.js');
  const assetsDir = path.join(dist, 'pyodide');
  return existsSync(workerPath) && existsSync(path.join(assetsDir, 'pyodide.asm.wasm')) ? { workerPath, assetsDir } : {};
}

export async function benchCodeInterpreter(): Promise<Record<string, number | string | boolean>> {
  const paths = shippedPaths();
  const out: Record<string, number | string | boolean> = { node: process.versions.node, from_dist: 'workerPath' in paths };
  global.gc?.();
  const before = process.memoryUsage();

  // 1. Cold load: a fresh worker loads Pyodide (what prewarm starts in the background).
  const engine = new PyodideEngine(paths);
  let t = now();
  await engine.prewarm();
  out.cold_load_ms = now() - t;
  out.cold_load_in_worker_ms = engine.stats.loadMs ?? 0;

  // 2. The first cell after prewarm (a new session: its namespace and folder are made).
  t = now();
  await engine.run('thread_first', FIRST_CELL, []);
  out.first_run_after_prewarm_ms = now() - t;

  // 3. Warm overhead: `pass` through the queue, the worker, the cell runner and back.
  const warm = await roundTrips(() => engine.run('thread_first', 'pass', []), 200);
  Object.assign(out, { warm_pass_p50_ms: pct(warm, 50), warm_pass_p95_ms: pct(warm, 95) });
  const cellRss = await hostRssDuring(async () => {
    const r = await engine.run('thread_big', BIG_CELL, []);
    if (r.status !== 'ok') throw new Error(`the ${BIG_CELL_MB} MB cell ended ${r.status}: ${r.error?.message ?? ''}`);
  });
  Object.assign(out, { big_cell_mb: BIG_CELL_MB, host_rss_cell_peak_added_mb: cellRss.peak, host_rss_cell_after_added_mb: cellRss.after });
  await engine.run('thread_big', FREE_BIG, []);

  // 4. What the loaded interpreter costs this process (little: the sandbox is another process;
  // thread_rss_added_by_load_mb below is what it cost when it was a thread).
  global.gc?.();
  const after = process.memoryUsage();
  Object.assign(out, {
    rss_before_mb: before.rss / MB,
    rss_loaded_mb: after.rss / MB,
    rss_added_mb: (after.rss - before.rss) / MB,
    host_heap_used_mb: after.heapUsed / MB,
    wasm_heap_mb: engine.stats.heapMb ?? 0,
  });
  await engine.close();

  // Baselines: a no-op worker's round trip, and the same first cell on an engine nobody prewarmed.
  const noop = await noopWorkerRoundTrips(200);
  Object.assign(out, { noop_worker_p50_ms: pct(noop, 50), noop_worker_p95_ms: pct(noop, 95) });
  const noopProcess = await noopProcessRoundTrips(200);
  Object.assign(out, { noop_process_p50_ms: pct(noopProcess, 50), noop_process_p95_ms: pct(noopProcess, 95) });
  const cold = new PyodideEngine(paths);
  t = now();
  await cold.run('thread_cold', FIRST_CELL, []);
  out.first_run_cold_ms = now() - t;
  await cold.close();

  // The worker-thread baseline: the same four figures for Pyodide in a thread of this process.
  const threadPaths = { assetsDir: paths.assetsDir ?? defaultPyodidePaths().assetsDir, workerPath: paths.workerPath ?? defaultPyodidePaths().workerPath };
  global.gc?.();
  const threadBefore = process.memoryUsage.rss();
  t = now();
  const thread = await PyodideThread.start(threadPaths);
  out.thread_cold_load_ms = now() - t;
  out.thread_rss_added_by_load_mb = (process.memoryUsage.rss() - threadBefore) / MB;
  t = now();
  await thread.run(FIRST_CELL);
  out.thread_first_run_after_load_ms = now() - t;
  const threadWarm = await roundTrips(() => thread.run('pass'), 200);
  Object.assign(out, { thread_warm_pass_p50_ms: pct(threadWarm, 50), thread_warm_pass_p95_ms: pct(threadWarm, 95) });
  const threadRss = await hostRssDuring(() => thread.run(BIG_CELL));
  Object.assign(out, { thread_host_rss_cell_peak_added_mb: threadRss.peak, thread_host_rss_cell_after_added_mb: threadRss.after });
  await thread.terminate();

  // 5. Streaming the code as the model writes it: 32 KB of Python in 4-character fragments,
  // decoded by the streaming decoder vs re-parsing all the partial JSON per fragment (the
  // baseline, and what the engine did before). Both block the event loop while they run.
  const code = Array.from({ length: 800 }, (_, i) => `x_${i} = ${i} * 2  # "quoted" \\ line\n`).join('').slice(0, 32 * 1024);
  const args = JSON.stringify({ code });
  const fragments = Array.from({ length: Math.ceil(args.length / 4) }, (_, i) => args.slice(i * 4, i * 4 + 4));
  t = now();
  const push = createCodeInputDecoder();
  let decoded = '';
  for (const f of fragments) decoded += push(f);
  out.input_stream_decoder_ms = now() - t;
  if (decoded !== code) throw new Error('the streaming decoder lost code');
  t = now();
  let sofar = '';
  for (const f of fragments) codeFromArguments((sofar += f));
  out.input_stream_reparse_ms = now() - t;
  out.input_stream_fragments = fragments.length;

  // 6. Stopping a cell (the figures the unit tests used to time): how long past the 1.5 s limit
  // an endless loop runs, past limit + grace a loop that swallows the interrupt, and after the
  // abort a cancelled one.
  const limits = { timeoutMs: 1_500, graceMs: 1_000 };
  const stopper = new PyodideEngine({ ...paths, ...limits });
  await stopper.prewarm();
  await stopper.run('thread_stop', 'pass', []);
  const stopped = async (code: string, expected: string, signal?: AbortSignal) => {
    const s = now();
    const r = await stopper.run('thread_stop', code, [], signal);
    if (r.status !== expected) throw new Error(`the stopping cell ended ${r.status}, not ${expected}`);
    return now() - s;
  };
  out.limit_stop_past_limit_ms = (await stopped('while True:\n    pass', 'timeout')) - limits.timeoutMs;
  out.kill_past_limit_and_grace_ms = (await stopped('while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass', 'killed')) - limits.timeoutMs - limits.graceMs;
  await stopper.run('thread_stop', 'pass', []);
  const ABORT_AFTER_MS = 200;
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ABORT_AFTER_MS);
  out.cancel_stop_after_abort_ms = (await stopped('while True:\n    pass', 'cancelled', controller.signal)) - ABORT_AFTER_MS;
  await stopper.close();

  // 7. The local engine, where python3 exists: process start and a warm round trip.
  if (spawnSync('python3', ['--version']).status === 0) {
    const local = new LocalPythonEngine();
    t = now();
    await local.run('thread_local', 'pass', []);
    out.local_first_run_ms = now() - t;
    const localWarm = await roundTrips(() => local.run('thread_local', 'pass', []), 100);
    out.local_warm_pass_p50_ms = pct(localWarm, 50);
    await local.close();
  }
  return out;
}

if (require.main === module) {
  benchCodeInterpreter()
    .then((out) => process.stdout.write(`${JSON.stringify(out)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    });
}
