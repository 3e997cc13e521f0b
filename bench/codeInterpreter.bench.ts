// Code interpreter figures for `npm run bench`: Pyodide's cold load, the first cell after
// prewarm, the round trip of a warm cell, and what the loaded interpreter costs the host process.
// Prints one JSON object on stdout; bench/run.mjs gathers and tabulates.
import { spawnSync } from 'node:child_process';
import { LocalPythonEngine } from '../src/runtime/tools/codeInterpreter/localEngine';
import { PyodideEngine } from '../src/runtime/tools/codeInterpreter/pyodideEngine';

const now = () => performance.now();
const MB = 1024 * 1024;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function warmRoundTrips(run: (code: string) => Promise<unknown>, n: number): Promise<number[]> {
  for (let i = 0; i < 20; i++) await run('pass');
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = now();
    await run('pass');
    times.push(now() - s);
  }
  return times;
}

export async function benchCodeInterpreter(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = { node: process.versions.node };
  global.gc?.();
  const before = process.memoryUsage();

  // 1. Cold load: a fresh worker loads Pyodide (what prewarm starts in the background).
  const engine = new PyodideEngine();
  let t = now();
  await engine.prewarm();
  out.cold_load_ms = now() - t;
  out.cold_load_in_worker_ms = engine.stats.loadMs ?? 0;

  // 2. The first cell after prewarm (a new session: its namespace and folder are made).
  t = now();
  await engine.run('thread_first', 'x = 3\nprint("x =", (14 - 11) / x)', []);
  out.first_run_after_prewarm_ms = now() - t;

  // 3. Warm overhead: `pass` through the queue, the worker, the cell runner and back.
  const warm = await warmRoundTrips((code) => engine.run('thread_first', code, []), 200);
  Object.assign(out, { warm_pass_p50_ms: pct(warm, 50), warm_pass_p95_ms: pct(warm, 95) });

  // 4. What the loaded interpreter costs the host process (the worker lives in it).
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

  // 5. The local engine, where python3 exists: process start and a warm round trip.
  if (spawnSync('python3', ['--version']).status === 0) {
    const local = new LocalPythonEngine();
    t = now();
    await local.run('thread_local', 'pass', []);
    out.local_first_run_ms = now() - t;
    const localWarm = await warmRoundTrips((code) => local.run('thread_local', code, []), 100);
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
