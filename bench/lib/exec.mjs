// How `npm run bench` runs its measurements: TypeScript suites in a child Node (each prints one JSON
// line), the extension's packaging, and mocha inside code-server's extension host.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../harness/repo.mjs';

/** The checkout the bench runs in (the test harness's own notion of it). */
export const root = repoRoot;

/** A progress line on stderr, so the table on stdout stays clean. */
export const log = (message) => process.stderr.write(`[bench] ${message}\n`);

/**
 * Runs bench/<file> under tsx with `node` and returns the JSON object it printed last.
 * Progress the suite writes to stderr is passed through.
 */
export function runSuite(node, file, env = {}) {
  const r = spawnSync(node, ['--import', 'tsx', path.join(root, 'bench', file)], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench/${file} exited with ${r.status ?? r.signal}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/**
 * Runs bench/<file> once per storage driver: sql.js on this Node, node:sqlite on Node 24, and
 * PostgreSQL (a private server from harness/postgres.mjs, started and stopped here) on this Node.
 */
export async function runOnEveryDriver(file, node24) {
  const { usePostgres } = await import('../../harness/postgres.mjs');
  const postgres = await usePostgres();
  try {
    return {
      'sql.js': runSuite(process.execPath, file, { TUTOR_STORE_DRIVER: 'sql.js' }),
      'node:sqlite': runSuite(node24, file, { TUTOR_STORE_DRIVER: 'node-sqlite' }),
      postgres: runSuite(process.execPath, file, { TUTOR_STORE_DRIVER: 'postgres', TUTOR_DATABASE_URL: postgres.url }),
    };
  } finally {
    await postgres.stop();
  }
}

/**
 * `npm run package` (production bundles and tutor.vsix), then the extension-host test bundle, and
 * `shipsProduction()` must then hold. Another checkout's build can run at the same moment (both
 * rewrite dist/ and tutor.vsix) and make packaging fail or zip development bundles; either way it
 * is retried, three tries in all, before the bench gives up.
 */
export async function packageExtension(shipsProduction) {
  for (let attempt = 1; ; attempt++) {
    const pack = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    const tests = pack.status === 0 ? spawnSync(process.execPath, [path.join(root, 'esbuild.mjs'), '--tests'], { cwd: root, encoding: 'utf8' }) : undefined;
    const built = pack.status === 0 && tests?.status === 0;
    if (built && (await shipsProduction())) return;
    const failed = pack.status !== 0 ? pack : tests;
    const why = built ? 'tutor.vsix holds development bundles (a build elsewhere rewrote dist/ meanwhile)' : `packaging failed: ${(failed.stderr || failed.stdout).trim().split('\n').pop()}`;
    if (attempt >= 3) throw new Error(built ? `${why}, ${attempt} times` : `packaging failed ${attempt} times:\n${failed.stdout}\n${failed.stderr}`);
    log(`${why} (attempt ${attempt}); trying again in 10 s`);
    spawnSync('sleep', ['10']);
  }
}

/**
 * Runs the extension-host tests whose names match `grep` (a regular expression) in code-server,
 * through `test/run.mjs integration --no-build` (packageExtension built them), with the extension
 * in `extensionDir`, and returns the mocha report it printed.
 */
export function extensionHostRun(grep, extensionDir = root) {
  const r = spawnSync(process.execPath, [path.join(root, 'test/run.mjs'), 'integration', '--no-build'], {
    cwd: root,
    env: { ...process.env, TUTOR_TEST_GREP: grep, TUTOR_TEST_EXTENSION_PATH: extensionDir },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`extension-host run failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
