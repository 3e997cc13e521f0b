#!/usr/bin/env node
// Stands in for the VS Code executable in @vscode/test-electron's runTests(): it takes VS Code's
// CLI (--extensionDevelopmentPath=, --extensionTestsPath=, a folder), runs the tests inside
// code-server's real extension host, and exits with their exit code.
//
// The workbench runs the tests when its URL carries them in `payload`; it reports the result
// through window.codeAutomationExit and its log through window.codeAutomationLog, which are
// only consulted with the smoke-test driver enabled. The exit code is the reported one, exactly;
// a report that is not an exit code, a crashed page or a lost browser fails the run.
import { appendFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../../harness/chromium.mjs';
import { makeProfile, startCodeServer } from '../../harness/codeServer.mjs';
import { exactExitCode } from './exitCode.mjs';

const REPORT_MARK = '[tutor-test] '; // as in test/integration/index.ts
const TIMEOUT_MS = Number(process.env.TUTOR_TEST_TIMEOUT_MS || 15 * 60_000);

const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const devPath = flag('extensionDevelopmentPath');
const testsPath = flag('extensionTestsPath');
const folder = args.filter((a) => !a.startsWith('-')).pop();
if (!devPath || !testsPath) {
  console.error('usage: launcher.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER]');
  process.exit(2);
}

const dirs = makeProfile('tutor-it');
// Only the last extensionDevelopmentPath in the payload loads, so extra extensions (helpers a
// test needs) are copied into the extensions dir as publisher.name-version folders.
for (const extra of (process.env.TUTOR_TEST_EXTRA_EXTENSIONS || '').split(path.delimiter).filter(Boolean)) {
  cpSync(extra, path.join(dirs.extensionsDir, path.basename(extra)), { recursive: true });
}

const server = await startCodeServer({ dirs, smokeDriver: true });
const workbenchLog = path.join(dirs.root, 'workbench.log');
console.log(`[launcher] code-server ${server.url} (logs: ${dirs.root})`);
let browser;
let exited = false; // the run's result is known (reported, or lost)
let finishing = false;
const finish = async (code) => {
  if (finishing) return;
  finishing = true;
  await browser?.close().catch(() => {});
  server.stop();
  process.exit(code);
};
const timer = setTimeout(() => {
  exited = true;
  console.error(`[launcher] tests did not finish within ${TIMEOUT_MS / 1000} s; code-server log: ${server.logFile}`);
  void finish(1);
}, TIMEOUT_MS);

try {
  browser = await launchChromium();
  const page = await browser.newPage();
  const lost = (what) => () => {
    if (exited) return;
    exited = true;
    clearTimeout(timer);
    console.error(`[launcher] ${what} before the tests reported a result; code-server log: ${server.logFile}`);
    void finish(1);
  };
  page.on('crash', lost('the workbench page crashed'));
  browser.on('disconnected', lost('Chromium went away'));
  await page.exposeFunction('codeAutomationLog', (type, message) => {
    const text = Array.isArray(message) ? message.join(' ') : String(message);
    // Lines the test index marked are the mocha report; the rest is the workbench's own log,
    // kept in a file (it is noisy here: no gallery, no GitHub) unless asked for.
    const at = text.indexOf(REPORT_MARK);
    if (at >= 0) console.log(text.slice(at + REPORT_MARK.length).replace(/\s+$/, ''));
    else {
      appendFileSync(workbenchLog, `[${type}] ${text}\n`);
      if (process.env.TUTOR_TEST_VERBOSE) console.log(`[vscode ${type}] ${text}`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    if (exited) return;
    exited = true;
    clearTimeout(timer);
    const exitCode = exactExitCode(code);
    if (exitCode !== code) console.error(`[launcher] the workbench reported ${JSON.stringify(code)}, not an exit code: failing the run`);
    // Let the last console lines arrive before closing.
    setTimeout(() => void finish(exitCode), 300);
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(devPath)],
    ['extensionTestsPath', remote(testsPath)],
  ]);
  const query = new URLSearchParams({ ...(folder ? { folder: path.resolve(folder) } : {}), payload });
  await page.goto(`${server.url}/?${query}`);
} catch (err) {
  exited = true;
  console.error('[launcher]', err);
  await finish(1);
}
