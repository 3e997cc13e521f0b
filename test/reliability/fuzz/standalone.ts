/**
 * `tutor-assistants serve` as a child process for the reliability suites: the shipped bundle, a
 * token, a data folder of its own, and everything it writes to stderr kept, so a suite can tell a
 * request that failed from a server that logged an internal error or died.
 *
 * @example
 *   const server = await startStandalone({ dataDir, providerUrl: fake.url, token: 't' });
 *   await fetch(`${server.url}/assistants`, { headers: { authorization: 'Bearer t' } });
 *   assert.deepEqual(server.problems(), []);
 *   assert.equal(await server.stop(), 0);
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../harness/repo.mjs';

/** The shipped bundle (`bin` in package.json); test/run.mjs builds it first. */
export const CLI = path.join(repoRoot, 'dist', 'tutor-assistants.js');

export interface StandaloneOptions {
  dataDir: string;
  providerUrl: string;
  token?: string;
  /** The Node binary to run it with (default: this one, so the runner's driver pass applies). */
  node?: string;
  env?: Record<string, string>;
}

export interface Standalone {
  readonly child: ChildProcess;
  /** Base URL ending in /v1. */
  readonly url: string;
  /** Set once the process has exited, whoever stopped it. */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /**
   * Lines that mean something went wrong inside: the CLI logger's `error:` lines (a 500, a run
   * that crashed, a background job that threw), a database snapshot that could not be saved, and
   * Node's own reports of uncaught errors.
   */
  problems(): string[];
  /**
   * SIGTERM, then the exit code (the CLI flushes the database before it exits 0). A server still
   * running after `graceMs` is killed (code null), so a hung one never outlives the suite.
   */
  stop(graceMs?: number): Promise<number | null>;
}

const PROBLEM = /^(error: |Error:|TypeError|RangeError|.*Unhandled|.*uncaught|node:internal|Tutor store: could not save)/i;

export function startStandalone(options: StandaloneOptions): Promise<Standalone> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`node esbuild.mjs\` first`);
  const args = [CLI, 'serve', '--port', '0', '--data', options.dataDir, '--provider-url', options.providerUrl, ...(options.token ? ['--token', options.token] : [])];
  const child = spawn(options.node ?? process.execPath, args, {
    cwd: repoRoot,
    // A stray key or token from the developer's shell must not change what is tested.
    env: { ...process.env, OPENAI_API_KEY: '', TUTOR_PROVIDER_API_KEY: '', TUTOR_SERVER_TOKEN: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // Only the tail is kept for messages; problem lines are kept whole however long the run.
  const problemLines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
  child.stderr!.on('data', (d: Buffer) => {
    const text = d.toString();
    out = (out + text).slice(-200_000);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (PROBLEM.test(line)) problemLines.push(line.slice(0, 2000));
  });
  let exit: Standalone['exit'];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => {
    exit = { code, signal };
    process.off('exit', killChild);
    resolve(code);
  }));
  // Mocha may exit (a timeout, Ctrl+C) with the server still up: take it along.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 30 s:\n${out}`)), 30_000);
    const onData = () => {
      const m = /^Assistants API listening on (http:\/\/\S+\/v1)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({
        child,
        url: m[1]!,
        get exit() {
          return exit;
        },
        output: () => out,
        problems: () => [...problemLines],
        async stop(graceMs = 60_000) {
          if (exit) return exit.code;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          try {
            return await exited;
          } finally {
            clearTimeout(timer);
          }
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening:\n${out}`));
    });
  });
}
