// The code interpreter (bench/codeInterpreter.bench.ts): Pyodide in its sandbox process, from the
// unpacked VSIX the packaging area made, each figure of issue 12 beside Pyodide in a worker thread
// (how it ran before) measured in the same run; the local-Python engine too where python3 exists.
import path from 'node:path';
import { runSuite } from '../lib/exec.mjs';
import { at, fmt, row } from '../lib/table.mjs';

export const name = 'code_interpreter';

export function measure({ results }) {
  const dir = results.package?.extension_dir;
  return runSuite(process.execPath, 'codeInterpreter.bench.ts', dir ? { TUTOR_BENCH_DIST: path.join(dir, 'dist') } : {});
}

export function rows(ci) {
  const area = 'code interpreter';
  const on = `(Node ${ci.node.split('.')[0]}, ${ci.from_dist ? 'shipped worker' : 'sources'})`;
  const ms = (v) => fmt(v, ' ms');
  const mb = (v) => fmt(v, ' MB');
  return [
    // Issue 12 sets no target for the cold load (prewarm pays it in the background); ≤ 1.5× is
    // the bench's: the process adds a Node start and the permission checks, not a second load.
    row({
      area, figure: `Pyodide cold load: sandbox process vs worker thread ${on}`, value: ci.cold_load_ms / ci.thread_cold_load_ms, unit: '×', target: at('≤', 1.5, '×'),
      baseline: `${ms(ci.cold_load_ms)} vs ${ms(ci.thread_cold_load_ms)}`,
      note: `${ms(ci.cold_load_in_worker_ms)} inside the process; paid once, in the background, by prewarm() 2 s after activation`,
    }),
    row({
      area, figure: `first cell after prewarm, sandbox process ${on}`, value: ci.first_run_after_prewarm_ms, unit: ' ms', target: at('≤', 100, ' ms'),
      baseline: `worker thread: ${ms(ci.thread_first_run_after_load_ms)} (${fmt(ci.first_run_after_prewarm_ms / ci.thread_first_run_after_load_ms, '×')})`,
      note: 'issue 12 target',
    }),
    row({
      area, figure: `warm \`pass\` round trip: sandbox process vs worker thread, p50 ${on}`, value: ci.warm_pass_p50_ms / ci.thread_warm_pass_p50_ms, unit: '×', target: at('≤', 2, '×'),
      baseline: `${ms(ci.warm_pass_p50_ms)} (p95 ${ms(ci.warm_pass_p95_ms)}) vs ${ms(ci.thread_warm_pass_p50_ms)} (p95 ${ms(ci.thread_warm_pass_p95_ms)})`,
      note: `issue 12 target; the same worker bundle either way (a thread of the host before, a process now), so the difference is the process's IPC (a no-op echo: ${ms(ci.noop_process_p50_ms)} to a process vs ${ms(ci.noop_worker_p50_ms)} to a thread) and the host's deadline timers`,
    }),
    row({
      area, figure: `host RSS growth while a cell holds ${ci.big_cell_mb} MB, sandbox process ${on}`, value: ci.host_rss_cell_peak_added_mb, unit: ' MB', target: at('<', ci.big_cell_mb / 10, ' MB'),
      baseline: `worker thread: +${mb(ci.thread_host_rss_cell_peak_added_mb)} (+${mb(ci.thread_host_rss_cell_after_added_mb)} after the cell; process: +${mb(ci.host_rss_cell_after_added_mb)})`,
      note: `issue 12: the host's RSS unchanged by a cell's memory (target: under a tenth of it); loading Pyodide added ${mb(ci.rss_added_mb)} to the host vs ${mb(ci.thread_rss_added_by_load_mb)} as a thread`,
    }),
    row({
      area, figure: `first cell after prewarm vs first cell on a cold engine ${on}`, value: ci.first_run_after_prewarm_ms / ci.first_run_cold_ms, unit: '×', target: at('≤', 0.1, '×'),
      baseline: `${fmt(ci.first_run_after_prewarm_ms, ' ms')} vs ${fmt(ci.first_run_cold_ms, ' ms')}`,
      note: 'what prewarm saves the first question that runs code',
    }),
    row({
      area, figure: `warm \`pass\` round trip vs a no-op worker round trip, p50 ${on}`, value: ci.warm_pass_p50_ms / ci.noop_worker_p50_ms, unit: '×', target: at('≤', 100, '×'),
      baseline: `${fmt(ci.warm_pass_p50_ms, ' ms')} (p95 ${fmt(ci.warm_pass_p95_ms, ' ms')}) vs ${fmt(ci.noop_worker_p50_ms, ' ms')}`,
      note: typeof ci.local_warm_pass_p50_ms === 'number'
        ? `local python3 engine: warm p50 ${fmt(ci.local_warm_pass_p50_ms, ' ms')}, first cell ${fmt(ci.local_first_run_ms, ' ms')}`
        : 'no python3 here: local engine not measured',
    }),
    // Issue 14 moved these out of the unit tests, which now check only that the limit or the
    // cancel stopped the cell; the targets are the bounds those tests held.
    row({
      area, figure: `endless loop stopped past the 1.5 s time limit ${on}`, value: ci.limit_stop_past_limit_ms, unit: ' ms', target: at('<', 2_000, ' ms'),
      note: `a loop that swallows the interrupt is killed ${ms(ci.kill_past_limit_and_grace_ms)} past limit + grace (target < 1000 ms)`,
    }),
    row({
      area, figure: `cancelled cell stopped after the abort ${on}`, value: ci.cancel_stop_after_abort_ms, unit: ' ms', target: at('<', 800, ' ms'),
      note: 'the run is cancelled while an endless loop runs',
    }),
    row({
      area, figure: 'code input streamed as the model writes it (32 KB in 4-char fragments) vs re-parsing the partial JSON each fragment', value: ci.input_stream_decoder_ms / ci.input_stream_reparse_ms, unit: '×', target: at('≤', 0.1, '×'),
      baseline: `${fmt(ci.input_stream_decoder_ms, ' ms')} vs ${fmt(ci.input_stream_reparse_ms, ' ms')} over ${ci.input_stream_fragments} fragments`,
      note: 'event-loop time the runtime spends turning arguments into code_interpreter.input deltas',
    }),
  ];
}
