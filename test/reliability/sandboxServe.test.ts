// @both-drivers: the server runs on Node 20 (--experimental-permission for its sandbox) and on
// Node 24 (--permission), as `tutor-assistants serve` does for a class.
// The escape attacks of sandboxAttacks.ts through a real server: the SDK over HTTP with a bearer
// token → serve → the `python` tool → the sandbox process, the scripted model writing the code.
// Judged on the host side: no canary file appears, the server's provider key (a canary in its
// environment) is in no tool result, nothing connects to a loopback listener of the test's where
// the system lets the sandbox's network be closed, the server's memory comes back after the
// bombs, and the server still answers. Twice per driver: with the inner layer, and without it
// (TUTOR_SANDBOX_INNER_LAYER=off), where the process's wall alone must hold.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { attacks, countingListener, toolMessage, type Attack, type CountingListener } from './sandboxAttacks';
import { networkJail } from '../../src/runtime/tools/codeInterpreter/workerSpawn';
import { canaryKey } from './secretArtifacts';
import { driversToTest, killLeftovers, rssMb, serve, stop, type Served } from '../../harness/serveProcess';

/** The attacks that try to get out (not the ones that only burn time: those are in-process). */
const ESCAPES = new Set([
  'EM_JS side module → require()', 'ctypes reloaded → heap read', 'ctypes reloaded → heap write', 'ctypes reloaded → emscripten_run_script', '/proc/<parent pid>/environ', '_ctypes directly', 'ctypes → emscripten_run_script', 'ctypes → libc system()',
  'import js', 'import pyodide_js', 'pyodide.code.run_js', '/proc/self/environ', 'os.environ', "open('/etc/passwd')", 'a host file by path',
  'os.system', 'subprocess.run', 'os.fork()', 'list growth', 'file-system filler',
]);

const layers: { label: string; env: Record<string, string> }[] = [{ label: 'both layers', env: {} }, { label: 'inner layer off', env: { TUTOR_SANDBOX_INNER_LAYER: 'off' } }];
for (const driver of driversToTest()) for (const layer of layers) {
  describe(`code interpreter escapes through tutor-assistants serve (${driver}, ${layer.label})`, function () {
    this.timeout(300_000);
    const secret = canaryKey();
    const hostDir = mkdtempSync(path.join(tmpdir(), 'tutor-serve-host-'));
    const hostFile = path.join(hostDir, 'secret.txt');
    let fake: FakeModel;
    let server: Served;
    let client: OpenAI;
    let assistantId: string;
    let threadId: string;
    let rssBefore = 0;
    let listener: CountingListener;
    const withoutLayer = 'TUTOR_SANDBOX_INNER_LAYER' in layer.env;

    before(async () => {
      writeFileSync(hostFile, secret);
      listener = await countingListener();
      fake = await startFakeModel();
      server = await serve({ data: mkdtempSync(path.join(tmpdir(), 'tutor-serve-sbx-')), providerUrl: fake.url, token: 'class-token-0123456', driver, env: { TUTOR_PROVIDER_API_KEY: secret, ...layer.env } });
      client = new OpenAI({ baseURL: server.url, apiKey: 'class-token-0123456', maxRetries: 0 });
      assistantId = (await client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] })).id;
      threadId = (await client.beta.threads.create()).id;
      // Loads the sandbox once, so the baseline is a server with an interpreter in use.
      await attack({ name: 'warm-up', code: 'print(6 * 7)', reported: /^42$/m }, 0);
      rssBefore = rssMb(server.child.pid!);
    });
    after(async () => {
      if (server) await stop(server);
      killLeftovers();
      await fake?.close();
      listener?.server.close();
      rmSync(hostDir, { recursive: true, force: true });
    });

    /** One run in which the model sends `a.code` as the python call; returns the tool result it read. */
    async function attack(a: Attack, n: number): Promise<string> {
      let result = '';
      fake.script(
        { toolCalls: [{ id: `call_${n}`, name: 'python', arguments: JSON.stringify({ code: a.code }) }] },
        { respond: (body) => ((result = toolMessage(body, `call_${n}`)), { text: 'Done.' }) },
      );
      const run = await client.beta.threads.runs.stream(threadId, { assistant_id: assistantId }).finalRun();
      assert.equal(run.status, 'completed');
      return result;
    }

    // Named when the suite is defined; built again in each test, once the listener's port is known.
    const chosen = [
      ...attacks(secret, hostFile).filter((a) => ESCAPES.has(a.name)),
      // The server's own port, from inside: nothing to reach it with (no socket, no token).
      { name: "a socket to the server's own port", code: '', reported: /Network access is disabled here/ } as Attack,
    ];
    chosen.forEach((a, i) => {
      it(`${a.name}: contained and reported`, async () => {
        const code = attacks(secret, hostFile, listener.port).find((x) => x.name === a.name)?.code ?? `import socket\nsocket.create_connection(('127.0.0.1', ${new URL(server.url).port}), timeout=3)`;
        const said = await attack({ ...a, code }, i + 1);
        assert.match(said, withoutLayer ? (a.reportedWithoutLayer ?? a.reported) : a.reported, said.slice(0, 2_000));
        for (const leak of a.leaks ?? []) assert.doesNotMatch(said, leak);
        assert.ok(!said.includes(secret), "the server's provider key never reaches the model");
        for (const file of a.hostCanaries ?? []) assert.ok(!existsSync(file), `the attack created ${file} on the host`);
      });
    });

    it('reached no loopback service where the network is closed', async function () {
      if (!networkJail()) this.skip();
      await listener.settled();
      assert.equal(listener.arrivals(), 0, 'the sandbox connected to a loopback listener');
    });

    it("leaves the server's memory where it was and the server answering", async () => {
      // The bombs grew the sandbox process, not the server: its RSS is back near the baseline.
      const grew = rssMb(server.child.pid!) - rssBefore;
      assert.ok(grew < 64, `the server's RSS grew by ${Math.round(grew)} MB`);
      assert.match(await attack({ name: 'after', code: 'print(6 * 7)', reported: /^42$/m }, 999), /^42$/m);
    });
  });
}
