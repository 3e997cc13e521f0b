// Many conversations streaming at once for `npm run bench`, through harness/loadRun.ts:
// `tutor-assistants serve` in a child process, the real SDK over TCP, a scripted model that writes
// a delta every 20 ms to each thread (a brisk model's pace). The baseline is the same measurement
// with one thread, run just before on the same kind of server: the median of three, since one
// stream's 100 deltas give a jumpy p95. Each measurement has a fresh server, warmed by 100 short
// runs first, as a class's server is after its first minutes (a cold one spent 2–3× as long
// starting each run). 50 and 200 threads on each storage driver; on PostgreSQL, 200 threads also
// over two instances of the server sharing the database. Prints one JSON object.
import { usePostgres } from '../harness/postgres.mjs';
import { measureLoad, type LoadOptions, type LoadResult } from '../harness/loadRun';
import type { Driver } from '../harness/serveProcess';

const DELTAS = 100;
const DELAY_MS = 20;
const LOADS = [50, 200];
const WARM_UP_RUNS = 100;

async function main() {
  const out: Record<string, unknown> = { node: process.versions.node, deltas: DELTAS, delay_ms: DELAY_MS, loads: LOADS };
  const postgres = await usePostgres();
  try {
    for (const driver of ['sql.js', 'node-sqlite', 'postgres'] as Driver[]) {
      const started = performance.now();
      const base: Omit<LoadOptions, 'threads'> = { deltas: DELTAS, delayMs: DELAY_MS, driver, postgresUrl: postgres.url, warmUpRuns: WARM_UP_RUNS };
      // One thread first: the yardstick, and a warm-up of this process's client side.
      const singles: LoadResult[] = [];
      for (let i = 0; i < 3; i++) singles.push(await measureLoad({ ...base, threads: 1 }));
      const median = (pick: (r: LoadResult) => number) => singles.map(pick).sort((a, b) => a - b)[1]!;
      const one = {
        eventsPerSecond: median((r) => r.eventsPerSecond), p50DeltaMs: median((r) => r.p50DeltaMs), p95DeltaMs: median((r) => r.p95DeltaMs),
        steadyP95DeltaMs: median((r) => r.steadyP95DeltaMs), p95FirstDeltaMs: median((r) => r.p95FirstDeltaMs), runs: singles,
      };
      const many: Record<number, LoadResult> = {};
      for (const threads of LOADS) many[threads] = await measureLoad({ ...base, threads });
      out[driver === 'node-sqlite' ? 'node:sqlite' : driver] = { one, many, wall_ms: performance.now() - started };
      if (driver === 'postgres') {
        const threads = LOADS.at(-1)!;
        out['postgres, 2 instances'] = { threads, many: await measureLoad({ ...base, threads, instances: 2 }) };
      }
    }
  } finally {
    await postgres.stop();
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
