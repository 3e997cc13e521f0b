/**
 * `tutor-assistants serve` as a real child process, for the suites that kill it or load it over
 * TCP: test/harness/serveProcess.ts's startServe, with the storage driver picked by the Node
 * binary it runs on.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ensureNode24 } from '../harness/codeServer.mjs';
import { exitOf, startServe, type Served } from '../harness/serveProcess';
import { hasNodeSqlite } from '../../src/runtime/store/open';

export type Driver = 'sql.js' | 'node-sqlite';

export { CLI, stop, type Served } from '../harness/serveProcess';

/** Whether this Node has node:sqlite (24 in CI), asked of the store itself. */
const nodeSqliteHere = hasNodeSqlite();

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
  return nodeSqliteHere ? 'node-sqlite' : 'sql.js';
}

/** A Node binary that can run the driver: this one when it can, else the harness's Node 24. */
export function nodeFor(driver: Driver): string {
  return driver === 'node-sqlite' && !nodeSqliteHere ? ensureNode24() : process.execPath;
}

/** Starts the server on a free port; rejects with its output if it exits or stays silent. */
export async function serve(options: { data: string; providerUrl: string; token?: string; driver: Driver; env?: Record<string, string> }): Promise<Served> {
  const args = ['serve', '--port', '0', '--data', options.data, '--provider-url', options.providerUrl, ...(options.token ? ['--token', options.token] : [])];
  // Generous: the CPU is shared, and sql.js compiles its WASM and loads the whole file first.
  const started = startServe(args, { node: nodeFor(options.driver), env: { TUTOR_STORE_DRIVER: options.driver, ...options.env }, timeoutMs: 60_000 });
  const served = await started;
  running.add(served.child);
  served.child.once('exit', () => running.delete(served.child));
  return served;
}

const running = new Set<ChildProcess>();

/** Kills servers a failed test left running (call from an `after` hook). */
export function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
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
