// Code interpreter figures for `npm run bench`, each beside the baseline it is compared with:
// the first cell after prewarm beside a first cell on a cold engine (what prewarm saves), and a
// warm cell's round trip beside a no-op worker thread's (what Pyodide and the cell runner add to
// the message passing they cannot avoid). Runs the shipped worker bundle and Pyodide files from
// TUTOR_BENCH_DIST (the unpacked VSIX's dist/, set by bench/run.mjs) or this checkout's dist/ when
// they are there, else the sources.
// Prints one JSON object on stdout; bench/run.mjs gathers and tabulates.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LocalPythonEngine } from '../src/runtime/tools/codeInterpreter/localEngine';
import { PyodideEngine, type PyodideEngineOptions } from '../src/runtime/tools/codeInterpreter/pyodideEngine';
import { codeFromArguments, createCodeInputDecoder } from '../src/runtime/tools/codeInterpreter/toolInput';

const now = () => performance.now();
const MB = 1024 * 1024;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const FIRST_CELL = 'x = 3\nprint("x =", (14 - 11) / x)';

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

  // 4. What the loaded interpreter costs this process (the worker lives in it).
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
  const cold = new PyodideEngine(paths);
  t = now();
  await cold.run('thread_cold', FIRST_CELL, []);
  out.first_run_cold_ms = now() - t;
  await cold.close();

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

  // 6. The local engine, where python3 exists: process start and a warm round trip.
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
