/**
 * Load (issue #6 §1): 50 threads streaming at once over TCP against `tutor-assistants serve`.
 * Asserts only correctness — every run completes with all its tokens and no stream shows another
 * thread's ids or text; throughput and latency are printed, not judged (the CPU is shared).
 */
import * as assert from 'node:assert/strict';
import { measureLoad } from '../../harness/loadRun';
import { driversToTest, killLeftovers } from '../../harness/serveProcess';

const THREADS = 50;
const DELTAS = 100;

describe('load: 50 threads streaming at once', function () {
  this.timeout(600_000);
  after(() => killLeftovers());

  for (const driver of driversToTest()) {
    it(`completes every stream without crossing threads (${driver})`, async () => {
      const started = Date.now();
      const result = await measureLoad({ threads: THREADS, deltas: DELTAS, driver });
      console.log(`      ${driver}: ${result.completed}/${THREADS} completed, ${result.leaks} leaks, ${result.eventsPerSecond} events/s, model delta → textDelta p50 ${result.p50DeltaMs} ms, p95 ${result.p95DeltaMs} ms (${Date.now() - started} ms in all)`);
      assert.deepEqual(result.problems, []);
      assert.equal(result.leaks, 0);
      assert.equal(result.completed, THREADS);
    });
  }
});
