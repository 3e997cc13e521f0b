// Reliability suites (test/reliability: fuzzing, crash safety, load, sandbox abuse, secrets…), in
// two passes as run-unit.mjs does: every suite on this Node (20 here, so the sql.js store), then
// the suites that say they care about the store again on Node 24 with node:sqlite. A suite opts in
// to the second pass with the tag `@both-drivers` in its source (e.g. a first-line comment).
//
// The first pass leaves TUTOR_STORE_DRIVER as the caller set it: on Node 20 'auto' is sql.js
// anyway, and suites that cover both drivers within one process (spawning Node 24 themselves)
// still can. Suites print their figures; mocha's spec reporter puts them in the CI log.
//
// Usage: node test/harness/run-reliability.mjs [--no-node24] [--mocha-flag=value…] [spec files…]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureNode24, repoRoot } from '../../harness/codeServer.mjs';

const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const suiteDir = path.join(repoRoot, 'test', 'reliability');
const args = process.argv.slice(2);
const named = args.filter((a) => !a.startsWith('--'));
const flags = args.filter((a) => a.startsWith('--') && a !== '--no-node24');

const run = (node, specs, env, label) => {
  console.log(`\n== reliability tests: ${label}`);
  const started = Date.now();
  // --no-config: .mocharc.json's unit-test spec list would otherwise be added to this one.
  const r = spawnSync(node, ['--import', 'tsx', mocha, '--no-config', '--extension', 'ts', '--timeout', '300000', ...flags, ...specs], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  console.log(`== ${label}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Suites run the shipped bundle (dist/tutor-assistants.js): build it first, quietly unless it fails.
const build = spawnSync(process.execPath, [path.join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, encoding: 'utf8' });
if (build.status !== 0) {
  process.stderr.write(`${build.stdout}${build.stderr}\nthe build failed: reliability suites need dist/tutor-assistants.js\n`);
  process.exit(build.status ?? 1);
}

const allSuites = readdirSync(suiteDir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => path.join('test', 'reliability', f))
  .sort();
const suites = named.length ? named : allSuites;
if (suites.length === 0) {
  console.log('no reliability suites found under test/reliability');
  process.exit(0);
}
run(process.execPath, suites, {}, `Node ${process.versions.node}, ${process.env.TUTOR_STORE_DRIVER ?? 'auto (sql.js on Node 20)'} store driver`);

if (!args.includes('--no-node24')) {
  const bothDrivers = suites.filter((f) => readFileSync(path.join(repoRoot, f), 'utf8').includes('@both-drivers'));
  if (bothDrivers.length) run(ensureNode24(), bothDrivers, { TUTOR_STORE_DRIVER: 'node-sqlite' }, `Node 24, node:sqlite store driver (${bothDrivers.length} suite(s))`);
}
