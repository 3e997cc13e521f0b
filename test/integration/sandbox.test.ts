// The escape corpus of test/reliability/sandboxAttacks.ts inside a real VS Code extension host
// (code-server's, Node 24): the user asks, the scripted model sends each attack as the `python`
// call, and Tutor runs it in its sandbox process. Judged here, on the host side: no canary file
// appears, the stored API key and a canary in this process's environment reach no tool result,
// nothing connects to a loopback listener of ours where the sandbox's network can be closed, and
// this extension host's memory stays where it was. Then again with the inner layer off
// (TUTOR_SANDBOX_INNER_LAYER=off, read each time a sandbox starts), where the process's wall alone
// must hold.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { networkJail } from '../../src/runtime/tools/codeInterpreter/workerSpawn';
import { startFakeModel, type FakeModel } from '../../harness/fakeModel';
import { attacks, countingListener, toolMessage, type Attack, type CountingListener } from '../reliability/sandboxAttacks';
import { idle, note, tutor, useProvider } from './util';

/** The attacks that try to get out or to take the host's memory (the ones that only burn time are in the reliability suite). */
const ESCAPES = new Set([
  'EM_JS side module → require()', 'ctypes reloaded → heap read', 'ctypes reloaded → heap write', 'ctypes reloaded → emscripten_run_script', '_ctypes directly', 'ctypes → emscripten_run_script',
  'ctypes → libc system()', 'import js', 'import pyodide_js', 'pyodide.code.run_js', '/proc/self/environ', '/proc/<parent pid>/environ', 'os.environ',
  "open('/etc/passwd')", 'a host file by path', 'os.system', 'subprocess.run', 'os.fork()', 'socket', 'list growth', 'file-system filler',
]);
const MB = 1024 * 1024;

describe('code interpreter escapes inside VS Code (extension host, scripted model)', function () {
  this.timeout(600_000);
  const secret = `sk-canary-${Date.now().toString(36)}-do-not-leak`;
  const hostDir = mkdtempSync(path.join(tmpdir(), 'tutor-ext-host-'));
  const hostFile = path.join(hostDir, 'secret.txt');
  let fake: FakeModel;
  let listener: CountingListener;
  let calls = 0;

  before(async () => {
    writeFileSync(hostFile, secret);
    process.env.TUTOR_TEST_CANARY = secret;
    listener = await countingListener();
    fake = await startFakeModel();
    await useProvider({ provider: 'custom', providerUrl: fake.url });
    const api = await tutor();
    await api.apiKeys.set(secret);
    await api.controller.newThread();
  });
  after(async () => {
    delete process.env.TUTOR_TEST_CANARY;
    if (process.env.TUTOR_SANDBOX_INNER_LAYER) {
      delete process.env.TUTOR_SANDBOX_INNER_LAYER;
      // The sandbox that replaces this one starts with both layers again, for the suites after.
      await pythonCall('import os\nos._exit(3)');
    }
    await (await tutor()).apiKeys.clear();
    await fake.close();
    listener.server.close();
    rmSync(hostDir, { recursive: true, force: true });
  });

  /** Asks Tutor once, with the model sending `code` as its python call; returns the tool result the model read. */
  async function pythonCall(code: string): Promise<string> {
    const id = `call_escape_${++calls}`;
    let result = '';
    fake.script(
      { toolCalls: [{ id, name: 'python', arguments: JSON.stringify({ code }) }] },
      { respond: (body) => ((result = toolMessage(body, id)), { text: 'Done.' }) },
    );
    await vscode.commands.executeCommand('tutor.ask', 'Run this for me, please.');
    await idle(120_000);
    return result;
  }

  function judge(a: Attack, said: string, withoutLayer: boolean): void {
    assert.match(said, withoutLayer ? (a.reportedWithoutLayer ?? a.reported) : a.reported, `${a.name}:\n${said.slice(0, 2_000)}`);
    for (const leak of a.leaks ?? []) assert.doesNotMatch(said, leak, a.name);
    assert.ok(!said.includes(secret), `${a.name}: the API key or the host's environment reached the model`);
    for (const file of a.hostCanaries ?? []) assert.ok(!existsSync(file), `${a.name} created ${file} on the host`);
  }

  async function corpus(withoutLayer: boolean): Promise<void> {
    // Warm: the host's memory is measured with a sandbox running and a few runs behind it (the
    // first runs of a session grow the host's heap by themselves).
    for (let i = 0; i < 3; i++) assert.match(await pythonCall('print(6 * 7)'), /^42$/m);
    const rssBefore = process.memoryUsage().rss;
    const chosen = attacks(secret, hostFile, listener.port).filter((a) => ESCAPES.has(a.name));
    assert.equal(chosen.length, ESCAPES.size, 'every named attack exists');
    for (const a of chosen) judge(a, await pythonCall(a.code), withoutLayer);
    const grewMb = (process.memoryUsage().rss - rssBefore) / MB;
    note(`${chosen.length} attacks contained (${withoutLayer ? 'inner layer off' : 'both layers'}); extension host RSS ${grewMb >= 0 ? '+' : ''}${Math.round(grewMb)} MB`);
    // The bombs fill 512 MB of Python heap and 256 MB of files: had they landed in this process,
    // its RSS would have grown by hundreds of MB. Twenty runs of chat bookkeeping grow it by tens.
    assert.ok(grewMb < 128, `the extension host's RSS grew by ${Math.round(grewMb)} MB`);
    if (networkJail()) {
      await listener.settled();
      assert.equal(listener.arrivals(), 0, 'the sandbox connected to a loopback listener');
    }
    assert.match(await pythonCall('print(6 * 7)'), /^42$/m, 'the interpreter still works');
  }

  it('contains every escape with both layers on', async () => {
    await corpus(false);
  });

  it('contains every escape with the inner layer off: the process wall alone holds', async () => {
    process.env.TUTOR_SANDBOX_INNER_LAYER = 'off';
    // Ends the current sandbox; the one started in its place reads the switch.
    assert.match(await pythonCall('import os\nos._exit(3)'), /\[crashed\]/);
    await corpus(true);
  });
});
