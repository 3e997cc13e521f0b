// The runner must not pass a run that tested nothing or tested a build that failed: each case here
// spawns the real entry (test/run.mjs) or the very function it builds with, on temp specs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../harness/repo.mjs';
import { exactExitCode } from './exitCode.mjs';
import { isIntegrationTest, isReliabilityTest, isTranslatedUiTest, isUiTest, isUnitTest } from './suites.mjs';

const runner = path.join(repoRoot, 'test', 'run.mjs');

/** `node test/run.mjs unit --no-build --no-node24 …specs`, with its status and output. */
function runUnit(...specs: string[]) {
  const r = spawnSync(process.execPath, [runner, 'unit', '--no-build', '--no-node24', ...specs], { cwd: repoRoot, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A spec file in a fresh temp folder. */
function tempSpec(name: string, body: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tutor-runner-')), name);
  writeFileSync(file, body);
  return file;
}

describe('test/run.mjs fails what tested nothing', function () {
  this.timeout(60_000);

  it('passes a spec whose test passes (so the failures below are the runner\'s judgement)', () => {
    const r = runUnit(tempSpec('passes.test.ts', "it('holds', () => {});\n"));
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /1 passing/);
  });

  it('fails a spec whose test fails, with mocha\'s status', () => {
    const r = runUnit(tempSpec('fails.test.ts', "it('breaks', () => { throw new Error('expected failure'); });\n"));
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /expected failure/);
  });

  it('fails a glob that matches no file, even beside one that does', () => {
    const found = tempSpec('passes.test.ts', "it('holds', () => {});\n");
    const r = runUnit(found, path.join(path.dirname(found), 'nothing', '**', '*.test.ts'));
    assert.notEqual(r.status, 0, r.out);
    assert.match(r.out, /no test files found/);
    assert.doesNotMatch(r.out, /passing/, 'nothing ran');
  });

  it('fails a spec file that holds no test', () => {
    const r = runUnit(tempSpec('empty.test.ts', "describe('nothing here', () => {});\n"));
    assert.notEqual(r.status, 0, r.out);
  });

  it('refuses an unknown suite', () => {
    const r = spawnSync(process.execPath, [runner, 'everything'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 2, `${r.stdout}${r.stderr}`);
  });
});

describe('a failed build stops the run', function () {
  this.timeout(30_000);

  it('exits with the build step\'s status and its output, before anything after it runs', () => {
    const steps = pathToFileURL(path.join(repoRoot, 'test', 'runner', 'steps.mjs')).href;
    const script = `
      import { mustSucceed } from ${JSON.stringify(steps)};
      mustSucceed('the build', process.execPath, ['-e', 'console.error("syntax error in x.ts"); process.exit(3)'], { quiet: true });
      console.log('tests ran');
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 3, `${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /syntax error in x\.ts/, 'the quiet build\'s output is shown when it fails');
    assert.match(r.stderr, /the build failed \(exit 3\)/);
    assert.doesNotMatch(r.stdout, /tests ran/);
  });
});

describe('the launcher\'s exit code', () => {
  it('is the code the workbench reported, exactly', () => {
    for (const code of [0, 1, 3, 255]) assert.equal(exactExitCode(code), code);
  });

  it('is a failure for a report that is not an exit code', () => {
    for (const reported of [undefined, null, Number.NaN, '0', '', 1.5, -1, 256, {}]) assert.equal(exactExitCode(reported), 1, String(reported));
  });

  it('is a usage error without the test paths', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'test', 'runner', 'launcher.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 2, `${r.stdout}${r.stderr}`);
  });
});

describe('which suite a test file belongs to', () => {
  const cases: Array<[string, string]> = [
    ['test/runtime/engine.test.ts', 'unit'],
    ['test/extension/chat/chatController.test.ts', 'unit'],
    ['test/runner/run.test.ts', 'unit'],
    ['test/integration/chat.test.ts', 'integration'],
    ['test/ui/chat.ui.test.ts', 'ui'],
    ['test/webview/render/latex.ui.test.ts', 'ui'],
    ['test/reliability/fuzz.test.ts', 'reliability'],
  ];
  for (const [file, suite] of cases) {
    it(`${file} runs in ${suite} alone`, () => {
      const native = file.split('/').join(path.sep);
      const suites = [isUnitTest(native) && 'unit', isIntegrationTest(native) && 'integration', isUiTest(native) && 'ui', isReliabilityTest(native) && 'reliability'].filter(Boolean);
      assert.deepEqual(suites, [suite]);
    });
  }

  it('runs the workbench UI suites again in Chinese, but not the Chinese one or the webview pages', () => {
    const native = (file: string) => file.split('/').join(path.sep);
    assert.ok(isTranslatedUiTest(native('test/ui/chat.ui.test.ts')));
    assert.ok(!isTranslatedUiTest(native('test/ui/chinese.ui.test.ts')));
    assert.ok(!isTranslatedUiTest(native('test/webview/render/latex.ui.test.ts')));
    assert.ok(!isTranslatedUiTest(native('test/runtime/engine.test.ts')));
  });
});
