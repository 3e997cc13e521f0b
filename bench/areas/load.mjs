// Conversations streaming at once against `tutor-assistants serve` (bench/load.bench.ts over
// harness/loadRun.ts), compared with one conversation alone measured the same way, on each
// storage driver; on PostgreSQL also two instances against one.
import { runSuite } from '../lib/exec.mjs';
import { at, fmt, row } from '../lib/table.mjs';

export const name = 'load';

export function measure() {
  return runSuite(process.execPath, 'load.bench.ts');
}

export function rows(l) {
  const pace = `${l.deltas} deltas each, one every ${l.delay_ms} ms`;
  const perDriver = ['sql.js', 'node:sqlite', 'postgres'].filter((d) => l[d]).flatMap((driver) => {
    const { one } = l[driver];
    const area = `load ${driver}`;
    return Object.entries(l[driver].many).flatMap(([threads, many]) => {
      const on = `(${driver}, ${threads} threads, ${pace})`;
      return [
        row({
          area, figure: `${threads} threads at once: events/s vs ${threads} × one thread alone ${on}`, value: many.eventsPerSecond / (Number(threads) * one.eventsPerSecond), unit: '×', target: at('≥', 0.5, '×'),
          baseline: `${fmt(many.eventsPerSecond, ' events/s')} vs ${threads} × ${fmt(one.eventsPerSecond, ' events/s')}`,
          note: '1× would be perfect scaling; below it the server falls behind the models',
        }),
        row({
          area, figure: `${threads} threads at once: p95 delta latency vs one thread alone ${on}`, value: many.p95DeltaMs / one.p95DeltaMs, unit: '×', target: at('≤', 10, '×'),
          baseline: `p95 ${fmt(many.p95DeltaMs, ' ms')} vs ${fmt(one.p95DeltaMs, ' ms')}; p50 ${fmt(many.p50DeltaMs, ' ms')} vs ${fmt(one.p50DeltaMs, ' ms')}`,
          note: 'model writes a delta → SDK textDelta fires, over TCP, every delta of every run (all start together); one thread: median of 3 runs',
        }),
        row({
          area, figure: `${threads} threads at once, once all are streaming: p95 delta latency vs one thread alone ${on}`, value: many.steadyP95DeltaMs / one.steadyP95DeltaMs, unit: '×', target: at('≤', 10, '×'),
          baseline: `p95 ${fmt(many.steadyP95DeltaMs, ' ms')} vs ${fmt(one.steadyP95DeltaMs, ' ms')}`,
          note: 'the deltas written after every stream showed its first: streaming, without the burst of runs starting together',
        }),
        row({
          area, figure: `${threads} threads asked at the same moment: time to first delta, p95, vs one thread alone ${on}`, value: many.p95FirstDeltaMs / one.p95FirstDeltaMs, unit: '×', target: null,
          baseline: `p95 ${fmt(many.p95FirstDeltaMs, ' ms')} (p50 ${fmt(many.p50FirstDeltaMs, ' ms')}) vs ${fmt(one.p95FirstDeltaMs, ' ms')}`,
          note: 'every run starting in the same millisecond, the worst case of a class asking together: what the start burst costs',
        }),
        row({
          area, figure: `${threads} threads at once: runs completed with all their tokens ${on}`, value: many.completed, target: at('=', Number(threads)),
          note: many.problems?.length ? many.problems.slice(0, 2).join('; ') : `events or text of another thread in a stream: ${many.leaks}`,
        }),
        row({ area, figure: `${threads} threads at once: events or text of another thread in a stream ${on}`, value: many.leaks, target: at('=', 0) }),
      ];
    });
  });
  const two = l['postgres, 2 instances'];
  const single = two && l.postgres?.many[two.threads];
  const pair = two && single ? [
    row({
      area: 'load postgres', figure: `${two.threads} threads over 2 instances on one database: events/s vs 1 instance (${pace})`, value: two.many.eventsPerSecond / single.eventsPerSecond, unit: '×', target: at('≥', 1, '×'),
      baseline: `${fmt(two.many.eventsPerSecond, ' events/s')} vs ${fmt(single.eventsPerSecond, ' events/s')}`,
      note: `p95 ${fmt(two.many.p95DeltaMs, ' ms')} vs ${fmt(single.p95DeltaMs, ' ms')}; ${two.many.completed} of ${two.threads} runs whole; the SDK clients share this machine's 2 cores with both`,
    }),
  ] : [];
  return [...perDriver, ...pair];
}
