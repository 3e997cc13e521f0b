// The integration suites (test/integration, bundled into out/test/integration by
// `node esbuild.mjs --tests`) inside a real VS Code extension host: code-server, through
// launcher.mjs. With TUTOR_TEST_DESKTOP=1 on a machine that can download VS Code, the same
// runTests call runs them in desktop VS Code instead. TUTOR_TEST_GREP (a regular expression) runs
// a subset; TUTOR_TEST_EXTENSION_PATH runs another copy of the extension (the bench's unpacked VSIX).
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureCodeServer } from '../../harness/codeServer.mjs';
import { repoRoot } from '../../harness/repo.mjs';
import { ensureSystemPackages } from '../../harness/systemPackages.mjs';
import { findTests, requireTests } from './steps.mjs';

/** Resolves with the run's exit code: 0 only when the host ran the suites and none failed. */
export async function runIntegration() {
  // The bundle, not the sources: a build that left no suite behind must not pass as "0 failing".
  requireTests('integration (out/test/integration)', findTests(path.join('out', 'test', 'integration'), (f) => f.endsWith('.test.js')));
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
      ...(desktop ? {} : { vscodeExecutablePath: path.join(repoRoot, 'test', 'runner', 'launcher.mjs') }),
      extensionDevelopmentPath: process.env.TUTOR_TEST_EXTENSION_PATH || repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace],
      extensionTestsEnv: { TUTOR_TEST_WORKSPACE: workspace },
    });
    return 0;
  } catch (err) {
    console.error(`Integration tests failed: ${err instanceof Error ? err.message : err}`);
    return typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
  }
}
