/**
 * `tutor-assistants serve` as a real child process, for the suites that kill it or load it over
 * TCP. Same approach as test/server/serve.test.ts: spawn the shipped bundle, wait for its
 * listening line, and pick the storage driver by the Node binary it runs on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureNode24, repoRoot } from '../harness/codeServer.mjs';

export type Driver = 'sql.js' | 'node-sqlite';

export interface Served {
  child: ChildProcess;
  /** Base URL for the SDK, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
}

/** The shipped bundle (`bin` in package.json); `node esbuild.mjs` writes it. */
export const CLI = path.join(repoRoot, 'dist', 'tutor-assistants.js');

/** Whether this Node has node:sqlite (22.13+; 24 in CI). */
const hasNodeSqlite = (() => {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  return major > 22 || (major === 22 && minor >= 13);
})();

/**
 * The drivers a suite should cover in this process: the one the reliability runner forces with
 * TUTOR_STORE_DRIVER, else both (so a plain `mocha file` run still proves each).
 */
export function driversToTest(): Driver[] {
  const forced = process.env.TUTOR_STORE_DRIVER;
  return forced === 'sql.js' || forced === 'node-sqlite' ? [forced] : ['sql.js', 'node-sqlite'];
}

/** The driver the server picks on this Node by itself (node:sqlite where it exists). */
export function defaultDriver(): Driver {
  return hasNodeSqlite ? 'node-sqlite' : 'sql.js';
}

/** A Node binary that can run the driver: this one when it can, else the harness's Node 24. */
export function nodeFor(driver: Driver): string {
  return driver === 'node-sqlite' && !hasNodeSqlite ? ensureNode24() : process.execPath;
}

/** Starts the server on a free port; rejects with its output if it exits or stays silent. */
export function serve(options: { data: string; providerUrl: string; token?: string; driver: Driver; env?: Record<string, string> }): Promise<Served> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run node esbuild.mjs first`);
  const args = [CLI, 'serve', '--port', '0', '--data', options.data, '--provider-url', options.providerUrl, ...(options.token ? ['--token', options.token] : [])];
  const child = spawn(nodeFor(options.driver), args, {
    cwd: repoRoot,
    env: { ...process.env, OPENAI_API_KEY: '', TUTOR_SERVER_TOKEN: '', TUTOR_STORE_DRIVER: options.driver, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    // Generous: the CPU is shared, and sql.js compiles its WASM and loads the whole file first.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /^Assistants API listening on (http:\/\/\S+\/v1)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

const running = new Set<ChildProcess>();

/** Kills servers a failed test left running (call from an `after` hook). */
export function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Resolves with the exit code (null after a signal) once the process has gone. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

/** kill -9, and wait until the process is really gone (its files are then closed). */
export async function crash(server: Served): Promise<void> {
  server.child.kill('SIGKILL');
  await exitOf(server.child);
}

/** SIGTERM (a clean shutdown that flushes the database); resolves with the exit code. */
export async function stop(server: Served): Promise<number | null> {
  server.child.kill('SIGTERM');
  return exitOf(server.child);
}
