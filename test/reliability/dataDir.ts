/**
 * Whether a data dir left behind by a crashed and restarted server opens cleanly, read by the
 * driver that wrote it: `checkConsistency` (consistency.ts) runs in a child process on that
 * driver's Node, since this suite's own Node may lack node:sqlite.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../harness/repo.mjs';
import { nodeFor, type Driver } from '../../harness/serveProcess';

/** Problems found (an empty list means the database is sound); `databaseUrl` for a server on PostgreSQL. */
export function consistencyProblems(dataDir: string, driver: Driver, databaseUrl?: string): string[] {
  const module = path.join(__dirname, 'consistency.ts');
  const options = JSON.stringify(databaseUrl ? { databaseUrl } : {});
  const script = `import(${JSON.stringify(module)}).then((m) => (m.checkConsistency ?? m.default.checkConsistency)(${JSON.stringify(dataDir)}, ${options})).then((p) => process.stdout.write(JSON.stringify(p)))`;
  const r = spawnSync(nodeFor(driver), ['--import', 'tsx', '-e', script], {
    cwd: repoRoot,
    env: { ...process.env, TUTOR_STORE_DRIVER: driver },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) return [`the consistency check itself failed (exit ${r.status}): ${r.stderr}`];
  return JSON.parse(r.stdout) as string[];
}
