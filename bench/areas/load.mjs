// 50 conversations streaming at once against `tutor-assistants serve` (bench/load.bench.ts over
// harness/loadRun.ts), compared with one conversation alone measured the same way.
import { runSuite } from '../lib/exec.mjs';
import { at, fmt, row } from '../lib/table.mjs';

export const name = 'load';

export function measure() {
  return runSuite(process.execPath, 'load.bench.ts');
}

export function rows(l) {
  return ['sql.js', 'node:sqlite'].filter((d) => l[d]).flatMap((driver) => {
    const { one, many } = l[driver];
    const area = `load ${driver}`;
    const on = `(${driver}, ${l.deltas} deltas each, one every ${l.delay_ms} ms)`;
    return [
      row({
        area, figure: `${l.threads} threads at once: events/s vs ${l.threads} × one thread alone ${on}`, value: many.eventsPerSecond / (l.threads * one.eventsPerSecond), unit: '×', target: at('≥', 0.5, '×'),
        baseline: `${fmt(many.eventsPerSecond, ' events/s')} vs ${l.threads} × ${fmt(one.eventsPerSecond, ' events/s')}`,
        note: '1× would be perfect scaling; below it the server falls behind the models',
      }),
      row({
        area, figure: `${l.threads} threads at once: p95 delta latency vs one thread alone ${on}`, value: many.p95DeltaMs / one.p95DeltaMs, unit: '×', target: at('≤', 10, '×'),
        baseline: `p95 ${fmt(many.p95DeltaMs, ' ms')} vs ${fmt(one.p95DeltaMs, ' ms')}; p50 ${fmt(many.p50DeltaMs, ' ms')} vs ${fmt(one.p50DeltaMs, ' ms')}`,
        note: 'model writes a delta → SDK textDelta fires, over TCP; one thread: median of 3 runs',
      }),
      row({
        area, figure: `${l.threads} threads at once: runs completed with all their tokens ${on}`, value: many.completed, target: at('=', l.threads),
        note: many.problems?.length ? many.problems.slice(0, 2).join('; ') : `wall ${fmt(l[driver].wall_ms / 1000, ' s')} for this driver`,
      }),
      row({ area, figure: `${l.threads} threads at once: events or text of another thread in a stream ${on}`, value: many.leaks, target: at('=', 0) }),
    ];
  });
}
