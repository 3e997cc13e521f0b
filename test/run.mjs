// The one entry for every test suite:
//
//   node test/run.mjs <suite…> [--no-build] [--no-node24] [--mocha-flag=value…] [spec files or globs…]
//
//   unit         every *.test.ts under test/ except the three suites below and *.ui.test.ts, on
//                this Node with the sql.js store; then the test/runtime suites again on Node 24
//                with node:sqlite, and on this Node with PostgreSQL (a private server of Debian's
//                for the run), all but those tagged `@sqlite-only` in their source (one schema
//                and one query set serve every driver, and this proves it)
//   reliability  test/reliability (fuzzing, crash safety, load, sandbox abuse, secrets…) on this
//                Node; then the suites tagged `@both-drivers` in their source again on Node 24
//   integration  test/integration inside code-server's extension host (runner/integration.mjs)
//   ui           every *.ui.test.ts: code-server and Chromium (test/ui), and the renderer and
//                chat pages in Chromium (test/webview); then the code-server ones again with
//                code-server in Chinese (TUTOR_UI_LOCALE=zh-cn: Tutor's texts are read from its
//                zh-cn translations, test/ui/uiText.ts), all but chinese.ui.test.ts, Chinese
//                already. TUTOR_UI_LOCALE=en or zh-cn set by the caller runs that language only:
//                `TUTOR_UI_LOCALE=zh-cn node test/run.mjs ui --no-build test/ui/chat.ui.test.ts`
//
// It builds once for all the suites named: `node esbuild.mjs` for unit and reliability (they run
// dist/tutor-assistants.js), or `npm run package` and the extension-host test bundle when
// integration or ui is among them (they run the packaged extension). A failed build, a suite with
// no test file, a spec that names no file, or a run of zero tests fails the run. --no-build runs
// what dist/ and out/ hold (the bench packages first). Spec arguments replace the suite's own list
// (one Node suite only); mocha flags take the --flag=value form.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureNode24 } from '../harness/node24.mjs';
import { usePostgres } from '../harness/postgres.mjs';
import { repoRoot } from '../harness/repo.mjs';
import { ensureSystemPackages } from '../harness/systemPackages.mjs';
import { runIntegration } from './runner/integration.mjs';
import { expandSpecs, findTests, mustSucceed, requireTests, statusOf } from './runner/steps.mjs';
import { isReliabilityTest, isStoreTest, isTranslatedUiTest, isUiTest, isUnitTest } from './runner/suites.mjs';

const SUITES = ['unit', 'reliability', 'integration', 'ui'];
const OWN_FLAGS = ['--no-build', '--no-node24', '--no-postgres'];
const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');

const args = process.argv.slice(2);
const suites = args.filter((a) => SUITES.includes(a));
const mochaFlags = args.filter((a) => a.startsWith('--') && !OWN_FLAGS.includes(a));
const specArgs = args.filter((a) => !a.startsWith('--') && !SUITES.includes(a));
const node24 = !args.includes('--no-node24');
const postgres = !args.includes('--no-postgres');

if (suites.length === 0) {
  console.error(`usage: node test/run.mjs <${SUITES.join('|')}>… [--no-build] [--no-node24] [--mocha-flag=value…] [spec files…]`);
  process.exit(2);
}
if (specArgs.length && (suites.length > 1 || suites[0] === 'integration')) {
  console.error('spec files go with one of unit, reliability or ui (integration runs its bundle; select with TUTOR_TEST_GREP)');
  process.exit(2);
}
const specs = specArgs.length ? expandSpecs(specArgs) : undefined;

/** Mocha on `node` over `files`; ends the run with mocha's status if it fails, unless `keepGoing` (then returns it). */
function runMocha(label, node, files, { timeout, env = {}, keepGoing = false }) {
  console.log(`\n== ${label}`);
  const started = Date.now();
  // --no-config: this runner is where the spec lists and options live. --fail-zero: a run that
  // selects no test (a --grep that matches nothing, say) fails.
  const result = spawnSync(node, ['--import', 'tsx', mocha, '--no-config', '--extension', 'ts', '--reporter', 'spec', '--fail-zero', '--timeout', String(timeout), ...mochaFlags, ...files], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  console.log(`== ${label}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (statusOf(result) !== 0 && !keepGoing) process.exit(statusOf(result));
  return statusOf(result);
}

/**
 * Installs Debian's postgresql up front (as root on a fresh machine) when a suite's files start a
 * server through harness/postgres.mjs, so no before hook spends its timeout on apt-get.
 */
function ensurePostgresFor(files) {
  if (files.some((f) => readFileSync(path.resolve(repoRoot, f), 'utf8').includes('harness/postgres.mjs'))) ensureSystemPackages(['postgres']);
}

const run = {
  async unit() {
    const files = requireTests('unit', specs ?? findTests('test', isUnitTest));
    const runtime = files.filter(isStoreTest);
    const onPostgres = postgres ? runtime.filter((f) => !readFileSync(path.join(repoRoot, f), 'utf8').includes('@sqlite-only')) : [];
    if (onPostgres.length) ensureSystemPackages(['postgres']);
    else ensurePostgresFor(files);
    runMocha(`unit tests: Node ${process.versions.node}, sql.js store`, process.execPath, files, { timeout: 20_000, env: { TUTOR_STORE_DRIVER: 'sql.js' } });
    if (node24 && runtime.length) runMocha('unit tests: Node 24, node:sqlite store (test/runtime)', ensureNode24(), runtime, { timeout: 60_000, env: { TUTOR_STORE_DRIVER: 'node-sqlite' } });
    if (onPostgres.length) {
      // One server for the phase; each test database is a schema of its own (src/runtime/store/open.ts).
      const server = await usePostgres();
      const env = { TUTOR_STORE_DRIVER: 'postgres', TUTOR_DATABASE_URL: server.url, TUTOR_TEST_DATABASE_URL: server.url };
      const status = runMocha(`unit tests: Node ${process.versions.node}, PostgreSQL store (test/runtime but @sqlite-only)`, process.execPath, onPostgres, { timeout: 60_000, env, keepGoing: true });
      await server.stop();
      if (status !== 0) process.exit(status);
    }
  },
  reliability() {
    const files = requireTests('reliability', specs ?? findTests('test', isReliabilityTest));
    ensurePostgresFor(files);
    // TUTOR_STORE_DRIVER stays as the caller set it: on Node 20 'auto' is sql.js anyway, and
    // suites that cover both drivers in one process (spawning Node 24 themselves) still can.
    runMocha(`reliability tests: Node ${process.versions.node}, ${process.env.TUTOR_STORE_DRIVER ?? 'auto (sql.js on Node 20)'} store`, process.execPath, files, { timeout: 300_000 });
    const bothDrivers = files.filter((f) => readFileSync(path.join(repoRoot, f), 'utf8').includes('@both-drivers'));
    if (node24 && bothDrivers.length) {
      runMocha(`reliability tests: Node 24, node:sqlite store (${bothDrivers.length} suite(s) tagged @both-drivers)`, ensureNode24(), bothDrivers, { timeout: 300_000, env: { TUTOR_STORE_DRIVER: 'node-sqlite' } });
    }
  },
  async integration() {
    console.log('\n== integration tests: code-server extension host');
    const status = await runIntegration();
    if (status !== 0) process.exit(status);
  },
  ui() {
    const files = requireTests('ui', specs ?? findTests('test', isUiTest));
    // Installed here (as root on a fresh Debian machine) so no test's hook spends its timeout on apt-get.
    ensureSystemPackages(['chromium', 'cjkFont']);
    const only = process.env.TUTOR_UI_LOCALE;
    if (only && !['en', 'zh-cn'].includes(only)) {
      console.error(`TUTOR_UI_LOCALE=${only}: the ui suite runs in en or zh-cn`);
      process.exit(2);
    }
    if (only) {
      const chosen = only === 'en' ? files : requireTests(`ui in ${only}`, files.filter(isTranslatedUiTest));
      runMocha(`ui tests in ${only === 'en' ? 'English' : `TUTOR_UI_LOCALE=${only}`} only: code-server${only === 'en' ? ' and the webview pages' : ''}`, process.execPath, chosen, { timeout: 120_000 });
      return;
    }
    // Both languages, the Chinese run even when the English one failed: which of them breaks is
    // what a failure here has to tell.
    const english = runMocha('ui tests: Chromium, code-server and the webview pages', process.execPath, files, { timeout: 120_000, env: { TUTOR_UI_LOCALE: 'en' }, keepGoing: true });
    const translated = files.filter(isTranslatedUiTest);
    const chinese = translated.length
      ? runMocha('ui tests in Chinese (zh-cn): code-server', process.execPath, translated, { timeout: 120_000, env: { TUTOR_UI_LOCALE: 'zh-cn' }, keepGoing: true })
      : 0;
    if (english !== 0 || chinese !== 0) process.exit(english !== 0 ? english : chinese);
  },
};

if (!args.includes('--no-build')) {
  if (suites.includes('integration') || suites.includes('ui')) {
    mustSucceed('packaging (npm run package)', 'npm', ['run', 'package']);
    if (suites.includes('integration')) mustSucceed('the extension-host test bundle (node esbuild.mjs --tests)', process.execPath, ['esbuild.mjs', '--tests']);
  } else {
    mustSucceed('the build (node esbuild.mjs)', process.execPath, ['esbuild.mjs'], { quiet: true });
  }
}
for (const suite of SUITES.filter((s) => suites.includes(s))) await run[suite]();
