// Unit tests, twice over the storage layer: once on this Node (20 here: no node:sqlite, so the
// sql.js driver), then the runtime suites again on Node 24 with the node:sqlite driver. One
// schema and one query set serve both, and this proves it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureNode24, repoRoot } from '../../harness/codeServer.mjs';

const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const run = (node, args, env, label) => {
  console.log(`\n== unit tests: ${label}`);
  const r = spawnSync(node, ['--import', 'tsx', mocha, ...args], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// The server suite runs the shipped bundle, so build it (esbuild: well under a second).
spawnSync(process.execPath, [path.join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'ignore' });
run(process.execPath, process.argv.slice(2), { TUTOR_STORE_DRIVER: 'sql.js' }, `Node ${process.versions.node}, sql.js driver`);
if (!process.argv.includes('--no-node24')) {
  // --no-config: .mocharc.json's spec list would otherwise be added to this one.
  const specs = ['test/runtime/**/*.test.ts'];
  run(ensureNode24(), ['--no-config', '--extension', 'ts', '--timeout', '60000', ...specs], { TUTOR_STORE_DRIVER: 'node-sqlite' }, 'Node 24, node:sqlite driver');
}
