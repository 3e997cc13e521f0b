// 50 conversations streaming at once for `npm run bench`, through harness/loadRun.ts:
// `tutor-assistants serve` in a child process, the real SDK over TCP, a scripted model that writes
// a delta every 5 ms to each thread. The baseline is the same measurement with one thread, run
// just before on the same kind of server: the median of three, since one stream's 100 deltas give
// a jumpy p95 (a fresh server per measurement, so its start-up hiccups land in it). Once per
// storage driver. Prints one JSON object.
import { measureLoad, type LoadResult } from '../harness/loadRun';

const THREADS = 50;
const DELTAS = 100;

async function main() {
  const out: Record<string, unknown> = { node: process.versions.node, threads: THREADS, deltas: DELTAS, delay_ms: 5 };
  for (const driver of ['sql.js', 'node-sqlite'] as const) {
    const started = performance.now();
    // One thread first: the yardstick, and a warm-up of this process's client side.
    const singles: LoadResult[] = [];
    for (let i = 0; i < 3; i++) singles.push(await measureLoad({ threads: 1, deltas: DELTAS, driver }));
    const median = (pick: (r: LoadResult) => number) => singles.map(pick).sort((a, b) => a - b)[1]!;
    const one = { eventsPerSecond: median((r) => r.eventsPerSecond), p50DeltaMs: median((r) => r.p50DeltaMs), p95DeltaMs: median((r) => r.p95DeltaMs), runs: singles };
    const many = await measureLoad({ threads: THREADS, deltas: DELTAS, driver });
    out[driver === 'sql.js' ? 'sql.js' : 'node:sqlite'] = { one, many, wall_ms: performance.now() - started };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
