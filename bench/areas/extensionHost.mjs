// Inside code-server's real extension host (Node 24), through `test/run.mjs integration`: how long
// activate() takes (test/integration/activation.test.ts) and what loading Pyodide adds to the host's
// memory (test/integration/memory.bench-only.test.ts, which runs only when selected like this).
// One code-server start serves both. The extension is the unpacked VSIX the packaging area made.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extensionHostRun, root } from '../lib/exec.mjs';
import { at, fmt, row } from '../lib/table.mjs';
import { isProductionBundle } from '../lib/vsix.mjs';

export const name = 'extension_host';

const GREP = 'activates and reports|bench-only: extension-host memory';

/** Whether `dir`/dist holds production bundles (no source-map comment). */
function isProduction(dir) {
  return ['extension.js', 'runtime.js'].every((f) => isProductionBundle(readFileSync(path.join(dir, 'dist', f), 'utf8')));
}

/** Runs the unpacked VSIX when the packaging area made one, else this checkout (a partial run). */
export function measure({ results }) {
  const extension = results.package?.extension_dir ?? root;
  const production = isProduction(extension);
  const report = extensionHostRun(GREP, extension);
  const activation = /activate\(\) took ([\d.]+) ms/.exec(report);
  const memory = /bench-memory (\{.*\})/.exec(report);
  if (!activation || !memory) throw new Error(`the extension-host run printed no ${activation ? 'memory' : 'activation'} figure:\n${report}`);
  // Checked again after the run: a partial run uses this checkout's dist/, which another build
  // may have rewritten while code-server ran it.
  return { activation_ms: Number(activation[1]), memory: JSON.parse(memory[1]), ran: extension === root ? 'this checkout' : 'the unpacked VSIX', production: production && isProduction(extension) };
}

export function rows(h, all) {
  const { before, opened, after } = h.memory;
  const pyodideMb = after.rss - opened.rss;
  const bareNode = all.code_interpreter?.rss_added_mb;
  return [
    row({
      area: 'extension host', figure: "activate(), in code-server's extension host", value: h.activation_ms, unit: ' ms', target: at('<', 20, ' ms'),
      note: `no same-run baseline; ran ${h.ran}${h.production ? '' : ' with DEVELOPMENT bundles'}; lazy: the runtime, its database and Pyodide open on first use`,
    }),
    row({
      area: 'extension host', figure: `extension-host RSS with Pyodide loaded, vs before (Node ${h.memory.node.split('.')[0]})`, value: pyodideMb, unit: ' MB', target: at('≤', 150, ' MB'),
      baseline: `+${fmt(pyodideMb, ' MB')} for Pyodide: RSS ${fmt(before.rss, ' MB')} after activation → ${fmt(opened.rss, ' MB')} with the runtime open (+${fmt(opened.rss - before.rss, ' MB')}, ${fmt(h.memory.open_ms, ' ms')}) → ${fmt(after.rss, ' MB')} prewarmed (${fmt(after.rss / before.rss, '×')} of before; prewarm ${fmt(h.memory.prewarm_ms / 1000, ' s')})`,
      note: `host JS heap ${fmt(before.heapUsed, ' MB')} → ${fmt(after.heapUsed, ' MB')}, array buffers ${fmt(after.arrayBuffers, ' MB')}${typeof bareNode === 'number' ? `; a bare Node process adds ${fmt(bareNode, ' MB')}` : ''}; target: the engine's own estimate, 100–150 MB per instance`,
    }),
  ];
}
