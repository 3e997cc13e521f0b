/**
 * `tutor-assistants serve` as a real child process: spawn the shipped bundle (the test runner
 * builds it first), wait for its listening line, and hand back the URL. The server suite, the
 * reliability suites (crash, load, fuzz) and the load bench all start it this way; `serve` adds
 * the storage driver, picked by the Node binary the server runs on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureNode24 } from './node24.mjs';
import { repoRoot } from './repo.mjs';
import { hasNodeSqlite } from '../src/runtime/store/open';

export interface Served {
  child: ChildProcess;
  /** Base URL for the SDK, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
}

export type Driver = 'sql.js' | 'node-sqlite' | 'postgres';

/** The shipped bundle (`bin` in package.json); `node esbuild.mjs` writes it. */
export const CLI = path.join(repoRoot, 'dist', 'tutor-assistants.js');

/**
 * Runs `node CLI ...args`. Rejects with `{ code, out }` attached if it exits first, or with its
 * output if it stays silent past `timeoutMs`. The provider key and server token are cleared from
 * the environment unless `env` sets them, so no developer key leaks into a test.
 */
export function startServe(args: string[], options: { env?: Record<string, string>; node?: string; timeoutMs?: number } = {}): Promise<Served> {
  if (!existsSync(CLI)) return Promise.reject(new Error(`${CLI} is missing: run \`node esbuild.mjs\` first (the test runner does)`));
  const child = spawn(options.node ?? process.execPath, [CLI, ...args], {
    cwd: repoRoot,
    env: { ...process.env, OPENAI_API_KEY: '', TUTOR_PROVIDER_API_KEY: '', TUTOR_SERVER_TOKEN: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), options.timeoutMs ?? 20_000);
    child.stdout!.on('data', () => {
      const m = /^Assistants API listening on (http:\/\/\S+\/v1)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited with ${code}:\n${out}`), { code, out }));
    });
  });
}

/** Whether this Node has node:sqlite (24 in CI), asked of the store itself. */
const nodeSqliteHere = hasNodeSqlite();

/**
 * The drivers a suite should cover in this process: the one the test runner forces with
 * TUTOR_STORE_DRIVER, else every one (so a plain `mocha file` run still proves each); PostgreSQL
 * only where the suite says it can (`withPostgres`), the server coming from harness/postgres.mjs.
 */
export function driversToTest({ withPostgres = false } = {}): Driver[] {
  const forced = process.env.TUTOR_STORE_DRIVER;
  if (forced === 'sql.js' || forced === 'node-sqlite' || forced === 'postgres') return [forced];
  return withPostgres ? ['sql.js', 'node-sqlite', 'postgres'] : ['sql.js', 'node-sqlite'];
}

/** The driver the server picks on this Node by itself (node:sqlite where it exists). */
export function defaultDriver(): Driver {
  return nodeSqliteHere ? 'node-sqlite' : 'sql.js';
}

/** A Node binary that can run the driver: this one when it can, else the harness's Node 24. */
export function nodeFor(driver: Driver): string {
  return driver === 'node-sqlite' && !nodeSqliteHere ? ensureNode24() : process.execPath;
}

const running = new Set<ChildProcess>();

/**
 * Starts the server on a free port with `driver` (postgres: on `database`, a URL); `args` are
 * more flags. Rejects with its output if it exits or stays silent.
 */
export async function serve(options: { data: string; providerUrl: string; token?: string; driver: Driver; database?: string; args?: string[]; env?: Record<string, string> }): Promise<Served> {
  if (options.driver === 'postgres' && !options.database) throw new Error('serve on postgres needs a database URL');
  const args = [
    'serve', '--port', '0', '--data', options.data, '--provider-url', options.providerUrl,
    ...(options.token ? ['--token', options.token] : []),
    ...(options.driver === 'postgres' ? ['--database', options.database!] : []),
    ...(options.args ?? []),
  ];
  const env = options.driver === 'postgres' ? { ...options.env } : { TUTOR_STORE_DRIVER: options.driver, ...options.env };
  // Generous: the CPU is shared, and sql.js compiles its WASM and loads the whole file first.
  const served = await startServe(args, { node: nodeFor(options.driver), env, timeoutMs: 60_000 });
  running.add(served.child);
  served.child.once('exit', () => running.delete(served.child));
  return served;
}

/** Kills servers started by `serve` that a failed test left running (call from an `after` hook). */
export function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Resolves with the exit code (null after a signal) once the process has gone. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

/** SIGTERM (a clean shutdown that flushes the database); resolves with the exit code. */
export async function stop(server: Served): Promise<number | null> {
  server.child.kill('SIGTERM');
  return exitOf(server.child);
}

/** kill -9, and wait until the process is really gone (its files are then closed). */
export async function crash(server: Served): Promise<void> {
  server.child.kill('SIGKILL');
  await exitOf(server.child);
}

/** A server's resident memory in MB, from the kernel's view of its process. */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return kb / 1024;
}
