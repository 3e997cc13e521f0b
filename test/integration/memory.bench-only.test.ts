// What Pyodide costs the extension host, for `npm run bench` (bench/areas/extensionHost.mjs). It
// loads Pyodide into the host every other test shares, so it runs only when TUTOR_TEST_GREP
// selects it by name; in an ordinary integration run it is skipped at once. The bench runs it
// right after the activation test, well inside the 2 s before Tutor's own prewarm would start.
import * as assert from 'node:assert/strict';
import { note, tutor } from './util';

const MB = 1024 * 1024;

/** process.memoryUsage() in MB, the fields the bench reports. */
function memory() {
  const m = process.memoryUsage();
  return { rss: m.rss / MB, heapUsed: m.heapUsed / MB, external: m.external / MB, arrayBuffers: m.arrayBuffers / MB };
}

describe('bench-only: extension-host memory', () => {
  it('reports the host memory before and after Pyodide loads', async function () {
    // Not a test of behaviour but a measurement with a side effect (Pyodide stays loaded): only on
    // request. With TUTOR_TEST_GREP set, mocha itself runs only the tests it names (index.ts).
    if (!process.env.TUTOR_TEST_GREP) this.skip();
    this.timeout(180_000);
    const api = await tutor();
    const before = memory();

    // The runtime bundle and its database first, so Pyodide's own share can be told apart.
    let started = performance.now();
    await api.runtime.get();
    const openMs = performance.now() - started;
    const opened = memory();

    started = performance.now();
    await api.runtime.prewarm();
    const prewarmMs = performance.now() - started;
    // EmbeddedRuntime.prewarm only logs a failure; the runtime's own prewarm rejects with it.
    await (await api.runtime.get()).prewarm();
    // Let the worker's start-up garbage and the last allocations settle before reading.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = memory();

    assert.ok(prewarmMs > 250, `prewarm took ${prewarmMs.toFixed(0)} ms: Pyodide was loaded before the first reading, so "before" already includes it`);
    note(`bench-memory ${JSON.stringify({ node: process.versions.node, before, opened, after, open_ms: openMs, prewarm_ms: prewarmMs })}`);
  });
});
