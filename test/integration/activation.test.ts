import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, note, tutor } from './util';

describe('activation', () => {
  it('activates and reports how long activate() took', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const wasActive = ext.isActive;
    const started = performance.now();
    const api = await tutor();
    // Loading the bundle plus activate(), when this test is the first to activate Tutor.
    if (!wasActive) note(`load + activate took ${(performance.now() - started).toFixed(1)} ms`);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    // What keeps activate() cheap: it loads neither the runtime nor the math verifier (each its
    // own bundle, required on first use). How long it takes is a bench figure (the note below).
    if (!wasActive) {
      const loaded = Object.keys(require.cache).filter((file) => /[\\/]dist[\\/](runtime|verifyMath)\.js$/.test(file));
      assert.deepEqual(loaded, [], 'activation loaded a bundle meant for first use');
    }
    note(`activate() took ${api.activationMs.toFixed(2)} ms`);
  });

  it('runs in the Node that code-server ships (24.x) with node:sqlite and WASM in workers', async function () {
    if (process.env.TUTOR_TEST_DESKTOP === '1') this.skip(); // Desktop VS Code brings its own Electron Node.
    assert.match(process.versions.node, /^24\./);
    const sqlite = await import('node:sqlite');
    const db = new sqlite.DatabaseSync(':memory:');
    assert.deepEqual({ ...db.prepare('select 6 * 7 as answer').get() }, { answer: 42 });
    db.close();
    const { Worker } = await import('node:worker_threads');
    // The smallest valid module: magic number and version. Compiling it proves WASM works in a worker.
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       WebAssembly.compile(new Uint8Array([0,97,115,109,1,0,0,0])).then(() => parentPort.postMessage('ok'), e => parentPort.postMessage(String(e)));`,
      { eval: true },
    );
    const answer = await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    assert.equal(answer, 'ok');
  });

  it('registers every command the manifest contributes', async () => {
    await tutor();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { commands: { command: string; category: string }[] };
    };
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands;
    assert.ok(contributed.length >= 3);
    for (const { command, category } of contributed) {
      assert.ok(registered.has(command), `${command} is contributed but not registered`);
      assert.equal(category, 'Tutor');
    }
  });
});
