// @both-drivers: Pyodide's worker runs again on Node 24, the Node of code-server and VS Code.
// Abusive Python through the whole stack: the real SDK → the runtime → the `python` tool →
// Pyodide in its worker, with the scripted model writing the code. For every attack: the host
// process survives (the event loop keeps ticking, RSS stays bounded, no exit code is set), the
// run completes, the model's next request carries a tool message that says what stopped the
// code, and a plain call right after works.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openFixture, type Fixture } from '../runtime/fixture';
import { attacks, toolMessage } from './sandboxAttacks';
import { canaryKey } from './secretArtifacts';

// Generous: two shared cores, and a timeout attack takes at least this long.
const LIMITS = { timeoutMs: 8_000, graceMs: 2_000, memoryLimitMb: 256, storageLimitMb: 32, outputLimitChars: 20_000 };
const MB = 2 ** 20;

/** Counts event-loop ticks and the longest gap between them while a run is going on. */
function heartbeat(everyMs = 100) {
  let last = performance.now();
  let ticks = 0;
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks++;
  }, everyMs);
  return { stop: () => (clearInterval(timer), { ticks, maxGapMs }) };
}

/** The whole line of `text` that holds `index` (where a reason matched), for the table. */
function lineAt(text: string, index: number | undefined): string {
  if (index === undefined) return '(no reason found)';
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end < 0 ? undefined : end);
}

interface Row { attack: string; reported: string; ms: number; loopGapMs: number; rssMb: number }

describe('code interpreter abuse through the full runtime (real SDK, Pyodide, scripted model)', function () {
  this.timeout(300_000);
  const secret = canaryKey();
  const hostDir = mkdtempSync(path.join(tmpdir(), 'tutor-host-'));
  const hostFile = path.join(hostDir, 'secret.txt');
  const rows: Row[] = [];
  let fx: Fixture;
  let assistantId: string;
  let threadId: string;
  let rssStartMb: number;
  let secretBefore: string | undefined;

  before(async () => {
    // A secret where a careless sandbox would show it: the host's environment and a host file.
    secretBefore = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = secret;
    writeFileSync(hostFile, secret);
    fx = await openFixture({ codeInterpreter: { pyodide: LIMITS } });
    await fx.runtime.prewarm();
    assistantId = (await fx.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] })).id;
    threadId = (await fx.client.beta.threads.create()).id;
    rssStartMb = process.memoryUsage().rss / MB;
  });

  after(async () => {
    await fx?.close();
    if (secretBefore === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = secretBefore;
    rmSync(hostDir, { recursive: true, force: true });
    if (!rows.length) return;
    const width = Math.max(...rows.map((r) => r.attack.length));
    console.log(`\n    ${'attack'.padEnd(width)}  ${'ms'.padStart(6)}  ${'loop gap'.padStart(8)}  ${'host RSS'.padStart(8)}  reported to the model`);
    for (const r of rows) {
      console.log(`    ${r.attack.padEnd(width)}  ${String(r.ms).padStart(6)}  ${`${r.loopGapMs} ms`.padStart(8)}  ${`${r.rssMb} MB`.padStart(8)}  ${r.reported}`);
    }
    console.log(`    ${rows.length} attacks, host RSS ${Math.round(rssStartMb)} MB before, ${Math.round(process.memoryUsage().rss / MB)} MB after\n`);
  });

  /**
   * One run: the model calls python with `code`, then (having read the result) with a plain
   * `print(6 * 7)`, then answers. Returns both tool messages and the attack call's duration.
   */
  async function attackRun(code: string, n: number): Promise<{ attack: string; next: string; ms: number; status: string }> {
    const attackId = `call_attack_${n}`;
    const nextId = `call_next_${n}`;
    let started = 0;
    let ms = 0;
    let attack = '';
    let next = '';
    fx.fake.script(
      { respond: () => ((started = performance.now()), { toolCalls: [{ id: attackId, name: 'python', arguments: JSON.stringify({ code }) }] }) },
      { respond: (body) => ((ms = Math.round(performance.now() - started)), (attack = toolMessage(body, attackId)), { toolCalls: [{ id: nextId, name: 'python', arguments: JSON.stringify({ code: 'print(6 * 7)' }) }] }) },
      { respond: (body) => ((next = toolMessage(body, nextId)), { text: 'Done.' }) },
    );
    const run = await fx.client.beta.threads.runs.stream(threadId, { assistant_id: assistantId }).finalRun();
    return { attack, next, ms, status: run.status };
  }

  attacks(secret, hostFile).forEach((a, i) => {
    it(`${a.name}: contained, reported to the model, and the next call works`, async () => {
      const beat = heartbeat();
      const result = await attackRun(a.code, i);
      const { ticks, maxGapMs } = beat.stop();
      const rssMb = Math.round(process.memoryUsage().rss / MB);
      const line = lineAt(result.attack, a.reported.exec(result.attack)?.index);
      rows.push({ attack: a.name, reported: line.trim().slice(0, 90), ms: result.ms, loopGapMs: Math.round(maxGapMs), rssMb });

      assert.equal(result.status, 'completed', 'the run completes');
      assert.match(result.attack, a.reported, `the model is told why:\n${result.attack.slice(0, 2_000)}`);
      for (const leak of a.leaks ?? []) assert.doesNotMatch(result.attack, leak, 'nothing of the host reaches the model');
      assert.ok(!result.attack.includes(secret), 'the secret never reaches the model');
      for (const file of a.hostCanaries ?? []) assert.ok(!existsSync(file), `the attack created ${file} on the host`);
      assert.match(result.next, /^42$/m, `the next call works:\n${result.next}`);
      // The host stayed responsive: while a long attack ran, its event loop kept running (a
      // quick one may finish before the first 100 ms tick, so only long ones are held to this).
      if (result.ms > 1_000) assert.ok(ticks > 0, `the event loop ticked during a ${result.ms} ms attack`);
      assert.equal(process.exitCode, undefined, 'nothing set the host process\'s exit code');
    });
  });

  it('leaves the host process bounded in memory and the runtime answering', async () => {
    // Bounded, not small: the worker's WebAssembly heap (256 MB here), its JS heap, and a freshly
    // restarted interpreter may all be resident; a leak per attack would be far above this.
    const grewMb = process.memoryUsage().rss / MB - rssStartMb;
    assert.ok(grewMb < 1_536, `host RSS grew by ${Math.round(grewMb)} MB`);
    const { next } = await attackRun('print("still here")', 999);
    assert.match(next, /^42$/m);
    assert.deepEqual(fx.violations, [], 'responses match the OpenAPI spec');
  });
});
