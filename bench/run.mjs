// `npm run bench`: measures Tutor, prints a table, and saves the figures to bench/results/<date>.json.
//
// Each area (bench/areas/*.mjs) measures in a child process or in code-server and turns its
// figures into rows. Where the run can measure a baseline for a figure, side by side, the figure
// is the ratio to it (these shared 2-core machines are noisy; ratios much less so), and every row
// states its target and whether it was met (bench/lib/table.mjs). Areas run one after another so
// they do not disturb each other's timings; packaging comes first because the code interpreter
// and the extension-host areas run what it builds.
//
// TUTOR_BENCH_ONLY=runtime,render runs some areas only (names as in the `name` exports); such a
// partial run prints its table but saves nothing.
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { ensureCodeServer } from '../harness/codeServer.mjs';
import { ensureNode24 } from '../harness/node24.mjs';
import { ensureSystemPackages } from '../harness/systemPackages.mjs';
import * as chatParticipant from './areas/chatParticipant.mjs';
import * as codeInterpreter from './areas/codeInterpreter.mjs';
import * as extensionHost from './areas/extensionHost.mjs';
import * as fileSearch from './areas/fileSearch.mjs';
import * as load from './areas/load.mjs';
import * as longConversation from './areas/longConversation.mjs';
import * as packaging from './areas/packaging.mjs';
import * as render from './areas/render.mjs';
import * as runtime from './areas/runtime.mjs';
import { log, root } from './lib/exec.mjs';
import { saveResult } from './lib/results.mjs';
import { failedRow, renderTable } from './lib/table.mjs';

const AREAS = [packaging, runtime, codeInterpreter, fileSearch, load, extensionHost, render, longConversation, chatParticipant];
const only = process.env.TUTOR_BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

const started = performance.now();
const date = new Date().toISOString();
const loadBefore = loadavg()[0];

// Node 24 (node:sqlite) and code-server, installed into .vscode-test/ on first use, as CI does.
let t = performance.now();
log('harness: Node 24 and code-server');
const node24 = ensureNode24();
const inCodeServer = [extensionHost.name, longConversation.name, chatParticipant.name];
if (!only || only.some((a) => inCodeServer.includes(a))) ensureCodeServer();
// The render, long-conversation and chat-participant areas and the extension host (through the test launcher) drive Chromium.
if (!only || only.some((a) => [...inCodeServer, render.name].includes(a))) ensureSystemPackages(['chromium']);
const wall = { harness_ms: performance.now() - t };

const results = {};
const rows = [];
const failures = [];
for (const area of AREAS) {
  if (only && !only.includes(area.name)) continue;
  log(`${area.name}…`);
  t = performance.now();
  try {
    results[area.name] = await area.measure({ node24, results });
    rows.push(...area.rows(results[area.name], results));
  } catch (err) {
    failures.push(area.name);
    results[area.name] = { error: String(err?.stack ?? err) };
    rows.push(failedRow(area.name, err));
    log(`${area.name} failed: ${String(err?.message ?? err)}`);
  }
  wall[`${area.name}_ms`] = performance.now() - t;
  log(`${area.name} took ${seconds(wall[`${area.name}_ms`])}`);
}
wall.total_ms = performance.now() - started;
if (results.package?.extension_dir) rmSync(results.package.extension_dir, { recursive: true, force: true });

console.log(renderTable(rows));
const met = rows.filter((r) => r.met === true).length;
const missed = rows.filter((r) => r.met === false).length;
console.log(`\n${rows.length} figures: ${met} met, ${missed} missed${failures.length ? `, areas that failed: ${failures.join(', ')}` : ''}. Wall time ${seconds(wall.total_ms)} (${Object.entries(wall).filter(([k]) => k !== 'total_ms').map(([k, v]) => `${k.replace(/_ms$/, '')} ${seconds(v)}`).join(', ')}).`);

if (only) {
  console.log('Partial run (TUTOR_BENCH_ONLY): nothing saved.');
} else {
  const file = saveResult({
    date,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.versions.node, load_average_1m: { before: loadBefore, after: loadavg()[0] } },
    wall,
    ...results,
    rows: rows.map(({ area, figure, value, shown, baseline, target, met: ok, note }) => ({ area, figure, value, shown, target, met: ok, baseline, note })),
  });
  console.log(`saved ${path.relative(root, file)}`);
}
if (failures.length) process.exitCode = 1;
