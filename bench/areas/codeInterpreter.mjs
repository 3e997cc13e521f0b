// The code interpreter (bench/codeInterpreter.bench.ts): Pyodide in its worker thread, from the
// unpacked VSIX the packaging area made; the local-Python engine too where python3 exists.
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
  return [
    row({
      area, figure: `Pyodide cold load in its worker ${on}`, value: ci.cold_load_ms, unit: ' ms', target: at('<', 5000, ' ms'),
      note: `no same-run baseline; ${fmt(ci.cold_load_in_worker_ms, ' ms')} inside the worker; paid once, in the background, by prewarm() 2 s after activation`,
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
    row({
      area, figure: 'code input streamed as the model writes it (32 KB in 4-char fragments) vs re-parsing the partial JSON each fragment', value: ci.input_stream_decoder_ms / ci.input_stream_reparse_ms, unit: '×', target: at('≤', 0.1, '×'),
      baseline: `${fmt(ci.input_stream_decoder_ms, ' ms')} vs ${fmt(ci.input_stream_reparse_ms, ' ms')} over ${ci.input_stream_fragments} fragments`,
      note: 'event-loop time the runtime spends turning arguments into code_interpreter.input deltas',
    }),
  ];
}
