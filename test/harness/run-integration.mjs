// Runs test/extension/*.test.ts inside a real VS Code extension host.
// Here: code-server through our launcher. With TUTOR_TEST_DESKTOP=1 on a machine that can download
// VS Code, the same runTests call runs them in desktop VS Code instead.
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureCodeServer, repoRoot } from '../../harness/codeServer.mjs';
import { ensureSystemPackages } from '../../harness/systemPackages.mjs';

const desktop = process.env.TUTOR_TEST_DESKTOP === '1';
// A copy, so tests that write files never dirty the checked-in sample.
const workspace = path.join(mkdtempSync(path.join(tmpdir(), 'tutor-ws-')), 'math-exercises');
cpSync(path.join(repoRoot, 'samples', 'math-exercises'), workspace, { recursive: true });

if (!desktop) {
  ensureCodeServer();
  // The launcher drives the workbench that runs the tests with Chromium.
  ensureSystemPackages(['chromium']);
}
// Helper extensions the suites need beside Tutor (the launcher copies each into code-server's
// extensions dir; the folder name must be publisher.name-version): the scripted chat model
// behind the vscode-lm provider tests.
process.env.TUTOR_TEST_EXTRA_EXTENSIONS = [
  process.env.TUTOR_TEST_EXTRA_EXTENSIONS,
  path.join(repoRoot, 'test', 'fixtures', 'tutor-test.fake-lm-0.0.1'),
].filter(Boolean).join(path.delimiter);
try {
  await runTests({
    ...(desktop ? {} : { vscodeExecutablePath: path.join(repoRoot, 'test', 'harness', 'launcher.mjs') }),
    // The bench runs an unpacked copy of the VSIX it packaged (bench/areas/extensionHost.mjs).
    extensionDevelopmentPath: process.env.TUTOR_TEST_EXTENSION_PATH || repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'extension', 'index.js'),
    launchArgs: [workspace],
    extensionTestsEnv: { TUTOR_TEST_WORKSPACE: workspace },
  });
} catch (err) {
  console.error(`Integration tests failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
