// `npm run bench`: measures Tutor, prints a table, and saves the figures to bench/results/<date>.json.
// Each figure stands beside its target; where a baseline exists (raw runtime.fetch for the SDK
// call) the figure is a ratio measured in the same run, since timings on these 2-core machines are
// noisy. The runtime suite runs once per storage driver: sql.js on this Node, node:sqlite on Node 24.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode24 } from '../test/harness/codeServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runSuite(node, file, env) {
  const r = spawnSync(node, ['--import', 'tsx', path.join(root, 'bench', file)], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${file} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const runtime = {
  'sql.js': runSuite(process.execPath, 'runtime.bench.ts', { TUTOR_STORE_DRIVER: 'sql.js' }),
  'node:sqlite': runSuite(ensureNode24(), 'runtime.bench.ts', { TUTOR_STORE_DRIVER: 'node-sqlite' }),
};

// The code interpreter: Pyodide in its worker, and the local-Python engine where python3 exists.
const codeInterpreter = runSuite(process.execPath, 'codeInterpreter.bench.ts', {});

// File search: ingest and search of 1,000 chunks, on each storage driver like the runtime suite.
const fileSearch = {
  'sql.js': runSuite(process.execPath, 'fileSearch.bench.ts', { TUTOR_STORE_DRIVER: 'sql.js' }),
  'node:sqlite': runSuite(ensureNode24(), 'fileSearch.bench.ts', { TUTOR_STORE_DRIVER: 'node-sqlite' }),
};

// Extension activation, measured inside activate() in code-server's real extension host.
function activation() {
  const r = spawnSync(process.execPath, [path.join(root, 'test/harness/run-integration.mjs')], { cwd: root, env: { ...process.env, TUTOR_TEST_GREP: 'activates and reports' }, encoding: 'utf8', maxBuffer: 1 << 24 });
  const m = /activate\(\) took ([\d.]+) ms/.exec(r.stdout);
  if (!m) throw new Error(`activation run printed no figure:\n${r.stdout}\n${r.stderr}`);
  return Number(m[1]);
}
spawnSync('npm', ['run', 'package'], { cwd: root, stdio: 'ignore' });
spawnSync(process.execPath, [path.join(root, 'esbuild.mjs'), '--tests'], { cwd: root, stdio: 'ignore' });
const activationMs = activation();
const render = runSuite(process.execPath, 'render.bench.ts', {});

const fmt = (n, unit) => (typeof n !== 'number' ? String(n) : `${n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(3)}${unit}`);
const rows = [];
for (const [driver, r] of Object.entries(runtime)) {
  const at = `(${driver}, Node ${r.node})`;
  rows.push(
    [`SDK call vs raw runtime.fetch ${at}`, fmt(r.sdk_overhead_ratio, '×'), '≤ 2×', r.sdk_overhead_ratio <= 2, `${fmt(r.sdk_call_us, ' µs')} vs ${fmt(r.raw_fetch_us, ' µs')}; the SDK alone (instant fetch) ${fmt(r.sdk_alone_us, ' µs')}`],
    [`model delta → SDK textDelta, p50 ${at}`, fmt(r.delta_latency_p50_ms, ' ms'), '< 0.5 ms', r.delta_latency_p50_ms < 0.5, `p95 ${fmt(r.delta_latency_p95_ms, ' ms')}`],
    [`streamed run of 1,000 deltas ${at}`, fmt(r.events_per_s, ' events/s'), '—', null, `${fmt(r.stream_ms, ' ms')} in all`],
    [`one page of a 10k-message thread, p50 ${at}`, fmt(r.page_10k_raw_p50_ms, ' ms'), '< 1 ms', r.page_10k_raw_p50_ms < 1, `through the SDK ${fmt(r.page_10k_sdk_p50_ms, ' ms')}`],
    [`message write, p50 ${at}`, fmt(r.write_p50_ms, ' ms'), '—', null, `10k inserts ${fmt(r.insert_10k_messages_ms, ' ms')}`],
    [`flush of a 10k-message database, p50 ${at}`, fmt(r.flush_10k_p50_ms, ' ms'), '—', null, driver === 'sql.js' ? 'whole snapshot, temp file + rename' : 'WAL: durable per statement'],
  );
}

{
  const ci = codeInterpreter;
  rows.push(
    ['code interpreter: Pyodide cold load in its worker', fmt(ci.cold_load_ms, ' ms'), '—', null, 'paid once, in the background, by prewarm()'],
    ['code interpreter: first cell after prewarm', fmt(ci.first_run_after_prewarm_ms, ' ms'), '< 300 ms', ci.first_run_after_prewarm_ms < 300, 'a new session: namespace and /mnt/data made'],
    ['code interpreter: warm `pass` round trip, p50', fmt(ci.warm_pass_p50_ms, ' ms'), '< 20 ms', ci.warm_pass_p50_ms < 20, `p95 ${fmt(ci.warm_pass_p95_ms, ' ms')}`],
    ['code interpreter: host RSS with Pyodide loaded', fmt(ci.rss_loaded_mb, ' MB'), '—', null, `+${fmt(ci.rss_added_mb, ' MB')} for the worker; WebAssembly heap ${fmt(ci.wasm_heap_mb, ' MB')}; main-thread JS heap ${fmt(ci.host_heap_used_mb, ' MB')}`],
  );
  if (typeof ci.local_first_run_ms === 'number') {
    rows.push(['code interpreter, local python3: first cell', fmt(ci.local_first_run_ms, ' ms'), '—', null, `warm \`pass\` p50 ${fmt(ci.local_warm_pass_p50_ms, ' ms')}`]);
  }
}

for (const [driver, r] of Object.entries(fileSearch)) {
  const at = `(${driver}, Node ${r.node})`;
  rows.push(
    [`file search: ingest ${r.chunks} chunks, no embeddings ${at}`, fmt(r.ingest_ms, ' ms'), '< 200 ms', r.ingest_ms < 200, `${r.files} files, ${fmt(r.text_chars / 1e6, ' M')} characters, words new to the tokenizer; chunking ${fmt(r.ingest_chunking_ms, ' ms')}, storing ${fmt(r.ingest_storing_ms, ' ms')}; re-ingest ${fmt(r.ingest_warm_ms, ' ms')}`],
    [`file search: search over ${r.chunks} chunks, p50 ${at}`, fmt(r.search_p50_ms, ' ms'), '< 1 ms', r.search_p50_ms < 1, `p95 ${fmt(r.search_p95_ms, ' ms')}; two stores at once p50 ${fmt(r.search_two_stores_p50_ms, ' ms')}; first search after a restart (builds BM25) ${fmt(r.first_search_ms, ' ms')}`],
  );
}

rows.push(
  ['extension activate(), in code-server\'s extension host', fmt(activationMs, ' ms'), '—', null, 'lazy: opens nothing until first use'],
  ['webview render, 5,000 deltas: main-thread total', fmt(render.per_delta_5000_total_ms + render.per_delta_5000_append_ms, ' ms'), '—', null, `per render p50 ${fmt(render.per_delta_5000_p50_ms, ' ms')}, p95 ${fmt(render.per_delta_5000_p95_ms, ' ms')}, max ${fmt(render.per_delta_5000_max_ms, ' ms')}`],
  ['webview render vs whole-message re-render per delta', fmt(render.ratio_vs_baseline, '× less'), '≥ 150×', render.ratio_vs_baseline >= 150, `baseline ≈ ${fmt(render.baseline_whole_message_5000_est_ms / 1000, ' s')} (sampled every 50th delta)`],
  ['webview render at 60 deltas/s: long tasks > 50 ms', String(render.paced_60_per_s_long_tasks), '0', render.paced_60_per_s_long_tasks === 0, `${render.paced_60_per_s.deltas} deltas; frame render p95 ${fmt(render.paced_60_per_s.render_p95_ms, ' ms')}`],
  ['webview render linearity (5,000 / 2,500 deltas)', fmt(render.linearity_5000_over_2500, '×'), '≈ 2×', render.linearity_5000_over_2500 < 2.5, `2,500 / 1,250: ${fmt(render.linearity_2500_over_1250, '×')}`],
  ['webview render at full speed (rAF)', fmt(render.fast.render_total_ms, ' ms'), '—', null, `${render.fast.renders} frames; long tasks ${render.fast.long_tasks} (from our render: ${render.fast.long_tasks_from_render})`],
);

const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => String(i === 3 ? (r[3] === null ? '' : r[3] ? 'met' : 'MISSED') : r[i]).length), 8));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join('  ');
console.log(line(['figure', 'value', 'target', 'status']));
for (const r of rows) console.log(`${line([r[0], r[1], r[2], r[3] === null ? '' : r[3] ? 'met' : 'MISSED'])}  ${r[4]}`);

const date = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const file = path.join(root, 'bench', 'results', `${date}.json`);
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: (await import('node:os')).cpus().length }, runtime, code_interpreter: codeInterpreter, file_search: fileSearch, activation_ms: activationMs, render, rows: rows.map(([figure, value, target, met, note]) => ({ figure, value, target, met, note })) }, null, 2)}\n`);
console.log(`\nsaved ${path.relative(root, file)}`);
